// The evaluator's options for a config: built once, by the service, and shared by every
// tick and by Burrow's DELETE of a group's topic (which judges the rest of the group again).
import type { Config } from '../config/index.js';
import { evaluatorOptions, type EvaluatorOptions } from '../status/index.js';

export function evaluatorFor(config: Config): EvaluatorOptions {
  return evaluatorOptions({
    allowedLag: config.evaluator.allowedLag,
    intervals: config.window.intervals,
    minimumComplete: config.evaluator.minimumComplete,
    rules: config.evaluator.rules,
    minimumSamples: config.evaluator.minimumSamples,
  });
}
