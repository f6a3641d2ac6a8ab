// The demo load on the real stack, run as the Compose stack runs it (`lagwatch demo-load`):
// lagwatch, ticking every second, sees every status — OK, WARN, STOP, STALL, REWIND —
// within two minutes; the load stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { repoRoot, stackEnv } from '../../helpers/stack.js';
import { testService } from '../../helpers/service.js';
import { waitFor } from '../../helpers/stack-control.js';

test('every status shows, and the load stops on SIGTERM', { timeout: 240_000 }, async () => {
  const brokers = stackEnv().kafkaClusters.a!.brokers.join(',');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'demo-load', '--brokers', brokers],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LAGWATCH_LOG_LEVEL: 'warn' },
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const harness = testService('demo-', "schedule: '* * * * * *'\n");
  const seen = new Map<string, number>();
  const started = Date.now();
  try {
    harness.service.start();
    const wanted = ['OK', 'WARN', 'STOP', 'STALL', 'REWIND'];
    await waitFor(
      `statuses ${wanted.join(', ')}`,
      () => {
        for (const { report } of harness.recorded.splice(0)) {
          for (const g of report.groups) {
            for (const p of g.partitions) {
              // A full window only: a status judged on one or two samples proves little.
              if (p.complete === 1 && !seen.has(p.status)) seen.set(p.status, Date.now() - started);
            }
          }
        }
        return wanted.every((s) => seen.has(s));
      },
      150_000,
      500,
    );
  } finally {
    await harness.stop();
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
  const times = [...seen].map(([s, ms]) => `${s} ${(ms / 1000).toFixed(0)} s`).join(', ');
  assert.ok(seen.size >= 5, times);
});
