// `lagwatch demo-load` as a child process, as the Compose stack runs it (see src/demo/): its
// groups are named `demo-*`, on the topic `demo-orders`.
import { spawn } from 'node:child_process';
import { after } from 'node:test';
import type { Admin } from 'kafkajs';
import { repoRoot } from './stack.js';
import { waitFor } from './stack-control.js';

export interface DemoLoadProcess {
  /** What it logged so far (stdout and stderr). */
  output(): string;
  /** SIGTERM (SIGKILL after 15 s); resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts the demo load and resolves once its groups are set up ("demo load running"). */
export async function startDemoLoad(brokers: readonly string[]): Promise<DemoLoadProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      'demo-load',
      '--brokers',
      brokers.join(','),
      '--retry-for-s',
      '30',
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LAGWATCH_LOG_LEVEL: 'info' },
    },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    await waitFor(
      '`lagwatch demo-load` to set up its groups',
      () => {
        if (child.exitCode !== null)
          throw new Error(`demo-load exited ${child.exitCode}: ${output}`);
        return output.includes('demo load running');
      },
      120_000,
      200,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { output: () => output, stop };
}

/** Deletes every `demo-*` group (they must have no members: no demo load running). */
export async function deleteDemoGroups(admin: Admin): Promise<void> {
  const { groups } = await admin.listGroups();
  const demo = groups.map((g) => g.groupId).filter((id) => id.startsWith('demo-'));
  if (demo.length > 0) await admin.deleteGroups(demo);
}
