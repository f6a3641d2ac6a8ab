// `check-config --connect`: reach every Kafka cluster (list its groups) and every sink
// (its server, credentials and target), and say, one line each, what works and what not.
import type { Writable } from 'node:stream';
import type { Config } from '../config/index.js';
import { kafkaClients } from '../pipeline/cluster-client.js';
import { createLogger } from '../log.js';
import { checkSinks } from '../../sinks/index.js';
import { ExitCode } from './exit-codes.js';

const CHECK_DEADLINE_MS = 10_000;

/** 0: everything reached; 1: something unreachable now; 2: something refuses lagwatch. */
export async function runConnectionCheck(
  config: Config,
  io: {
    readonly stdout: Writable;
    readonly stderr: Writable;
    readonly env?: NodeJS.ProcessEnv | undefined;
  },
): Promise<ExitCode> {
  const logger = createLogger('silent', 2);
  const clientFor = kafkaClients(io.env);
  let code: ExitCode = ExitCode.OK;
  const clusters = await Promise.all(
    config.clusters.map(async (cluster) => {
      const client = clientFor(cluster, logger);
      let timer: NodeJS.Timeout | undefined;
      try {
        const groups = await Promise.race([
          client.connect().then(() => client.listGroups()),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer within ${CHECK_DEADLINE_MS} ms`)),
              CHECK_DEADLINE_MS,
            );
          }),
        ]);
        return { line: `cluster ${cluster.name}: ok (${groups.length} consumer groups)`, ok: true };
      } catch (error) {
        return {
          line: `cluster ${cluster.name}: UNREACHABLE: ${error instanceof Error ? error.message : String(error)}`,
          ok: false,
        };
      } finally {
        clearTimeout(timer);
        await client.disconnect().catch(() => undefined);
      }
    }),
  );
  for (const { line, ok } of clusters) {
    (ok ? io.stdout : io.stderr).write(`${line}\n`);
    if (!ok && code === ExitCode.OK) code = ExitCode.FAILED;
  }
  for (const { sink, outcome } of await checkSinks(
    config.sinks,
    { logger, env: io.env },
    CHECK_DEADLINE_MS,
  )) {
    if (outcome.kind === 'ok') {
      io.stdout.write(`sink ${sink}: ok\n`);
    } else if (outcome.kind === 'retryable') {
      io.stderr.write(`sink ${sink}: UNREACHABLE: ${outcome.error}\n`);
      if (code === ExitCode.OK) code = ExitCode.FAILED;
    } else {
      io.stderr.write(`sink ${sink}: REFUSED: ${outcome.error}\n`);
      code = ExitCode.INVALID;
    }
  }
  return code;
}
