// A lagwatch service over the real stack, for integration tests: its config is built from
// the stack's addresses, its groups restricted to the ones a test made, and every report
// it produces is recorded.
import { parseConfig, type Config } from '../../src/config/index.js';
import type { ClusterSnapshot } from '../../src/contract/snapshot.js';
import { createLogger } from '../../src/log.js';
import { LagwatchService } from '../../src/pipeline/service.js';
import type { EvaluationReport } from '../../src/contract/report.js';
import { stackEnv } from './stack.js';

export interface Recorded {
  readonly report: EvaluationReport;
  readonly snapshot: ClusterSnapshot;
}

export interface TestService {
  readonly service: LagwatchService;
  readonly config: Config;
  readonly recorded: Recorded[];
  stop(): Promise<void>;
}

/**
 * `groupPrefix`: only groups whose names start with it are sampled. `onReport` also gets
 * every report (e.g. a sink fan-out built from `config.sinks`).
 */
export function testService(
  groupPrefix: string,
  extraYaml = '',
  onReport?: (report: EvaluationReport, config: Config) => void,
): TestService {
  const env = stackEnv();
  const clusters = Object.entries(env.kafkaClusters)
    .map(
      ([name, { brokers }]) =>
        `  - name: ${name}\n    brokers: [${brokers.join(', ')}]\n` +
        `    groups: { allow: ['^${groupPrefix}'] }\n`,
    )
    .join('');
  const sinks = /^sinks:/m.test(extraYaml) ? '' : 'sinks: []\n';
  const config = parseConfig(`clusters:\n${clusters}${sinks}${extraYaml}`, { env: {} });
  const recorded: Recorded[] = [];
  const service = new LagwatchService({
    config,
    logger: createLogger(process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent', 2),
    onReport: (report, snapshot) => {
      recorded.push({ report, snapshot });
      onReport?.(report, config);
    },
  });
  return { service, config, recorded, stop: () => service.stop() };
}
