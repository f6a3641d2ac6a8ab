// The reports the encoder benches encode (bench/encoders, bench/instructions): 20 reports
// of 200 groups x 25 partitions, 30 s apart, each with 500 topic-partitions' offsets. The
// encoders write each partition's reason sentence from its numbers (sinks/reason-text.ts):
// that is their cost, counted here.
import type { EvaluationReport } from '../../src/contract/report.js';
import { largeReport } from '../../test/helpers/reports.js';

export const REPORTS = 20;
export const GROUPS = 200;
export const PARTITIONS = 25;

export function encoderReports(): EvaluationReport[] {
  const t0 = Date.UTC(2026, 10, 26, 12, 0, 0);
  return Array.from({ length: REPORTS }, (_, i) =>
    largeReport('bench', t0 + i * 30_000, GROUPS, PARTITIONS),
  );
}
