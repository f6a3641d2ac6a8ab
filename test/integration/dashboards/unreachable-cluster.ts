// A lagwatch service for one cluster whose only broker address is a closed port: every
// tick fails to sample it, so each report is the unreachable kind (available false, no
// groups, a fault) that the dashboards must show as unreachable.
import { parseConfig } from '../../../src/config/index.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { createLogger } from '../../../src/log.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import { closedPort } from '../sinks/helpers.js';

export async function unreachableClusterService(
  name: string,
  onReport: (report: EvaluationReport) => void,
): Promise<LagwatchService> {
  const port = await closedPort();
  return new LagwatchService({
    config: parseConfig(
      `clusters:\n  - name: ${name}\n    brokers: [127.0.0.1:${port}]\n` +
        '    connectionTimeoutMs: 300\n    requestTimeoutMs: 1000\n' +
        'tickTimeoutMs: 4000\nsinks: []\n',
      { env: {} },
    ),
    logger: createLogger('silent', 2),
    onReport,
  });
}
