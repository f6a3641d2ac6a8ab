// Kafka's own console consumer (org.apache.kafka.tools.consumer.ConsoleConsumer), run with
// the stack's Kafka classpath: the way to put a group of Kafka 4's consumer protocol
// (group.protocol=consumer, KIP-848) on a real broker. Its output is discarded.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './stack.js';

export interface ConsoleConsumer {
  readonly child: ChildProcess;
  /** Stops it as a user would (SIGTERM: it commits and leaves the group), then waits. */
  stop(): Promise<void>;
}

export function consoleConsumer(
  cluster: string,
  topic: string,
  groupId: string,
  options: { clientId: string; protocol?: 'consumer' | 'classic' },
): ConsoleConsumer {
  const script = [
    `source ${join(repoRoot, 'scripts/stack.d/common.sh')}`,
    `source ${join(repoRoot, 'scripts/stack.d/kafka.sh')}`,
    'kafka_tool "$@"',
  ].join('\n');
  const child = spawn(
    'bash',
    [
      '-c',
      script,
      'console-consumer',
      cluster,
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--topic',
      topic,
      '--group',
      groupId,
      '--from-beginning',
      '--consumer-property',
      `group.protocol=${options.protocol ?? 'consumer'}`,
      '--consumer-property',
      `client.id=${options.clientId}`,
      '--consumer-property',
      'auto.commit.interval.ms=500',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: false },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      if (stderr.includes('Exception')) process.stderr.write(stderr);
    },
  };
}
