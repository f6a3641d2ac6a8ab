// State across a kill -9, on the real stack: `lagwatch run` with a state.dir judges the demo
// load (healthy, slow, stuck, stopped groups) until every window is full, is SIGKILLed and
// started again. Its first API answer and its first report carry the same statuses with
// full windows (without the state, a restart judges on one sample: the slow group would be
// OK, every window 1/10 complete), and lag in seconds is there at once.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, stackEnv } from '../../helpers/stack.js';

interface PartitionView {
  readonly status: string;
  readonly complete: number;
  readonly current_lag: number;
  readonly time_lag_ms: number | null;
}
interface GroupView {
  readonly status: string;
  /** classic, consumer or other; null when unknown. */
  readonly type: string | null;
  readonly complete: number;
  readonly partitions: readonly PartitionView[];
}

/** What each demo group settles at (src/demo/load.ts). */
const SETTLED: Readonly<Record<string, string>> = {
  'demo-healthy': 'OK',
  'demo-slow': 'WARN',
  'demo-stuck': 'ERR',
  'demo-stopped': 'ERR',
};
const GROUPS = Object.keys(SETTLED);

function writeConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagwatch-state-restart-'));
  const brokers = stackEnv().kafkaClusters.a!.brokers.join(', ');
  const file = join(dir, 'lagwatch.yaml');
  writeFileSync(
    file,
    `clusters:\n  - name: a\n    brokers: [${brokers}]\n    groups: { allow: ['^demo-'] }\n` +
      "schedule: '* * * * * *'\n" +
      'sinks: [{ type: stdout }]\n' +
      "api: { listen: '127.0.0.1:0' }\n" +
      `state: { dir: '${join(dir, 'state')}' }\n`,
  );
  return file;
}

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function start(args: readonly string[]): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, LAGWATCH_LOG_LEVEL: 'info' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** With a stdout sink, stdout carries the reports and the logs go to stderr (JSON: piped). */
const apiUrl = (run: Running): Promise<string> =>
  until(
    'the api listening line',
    () => Promise.resolve(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(run.stderr())?.[1]),
    60_000,
  );

async function groupsNow(url: string): Promise<Map<string, GroupView>> {
  const out = new Map<string, GroupView>();
  for (const group of GROUPS) {
    const answer = await fetch(`${url}/v3/kafka/a/consumer/${group}/lag`);
    if (answer.status !== 200) continue;
    out.set(group, ((await answer.json()) as { status: GroupView }).status);
  }
  return out;
}

const settled = (groups: Map<string, GroupView>): boolean =>
  GROUPS.every((g) => {
    const view = groups.get(g);
    return (
      view !== undefined &&
      view.status === SETTLED[g] &&
      view.partitions.length > 0 &&
      view.partitions.every((p) => p.complete === 1)
    );
  });

test(
  'a kill -9 loses no window: the restarted lagwatch answers with full windows at once',
  {
    timeout: 300_000,
  },
  async () => {
    const brokers = stackEnv().kafkaClusters.a!.brokers.join(',');
    const load = start(['demo-load', '--brokers', brokers]);
    const config = writeConfig();
    const first = start(['run', '--config', config]);
    let second: Running | null = null;
    try {
      const url = await apiUrl(first);
      // Settled twice in a row a second apart: statuses that will still hold after a restart.
      let streak = 0;
      const before = await until(
        'every demo group settled with full windows',
        async () => {
          const now = await groupsNow(url);
          streak = settled(now) ? streak + 1 : 0;
          return streak >= 2 ? now : undefined;
        },
        180_000,
      );
      first.child.kill('SIGKILL');
      assert.equal(await first.exited, null, 'killed, not exited');

      second = start(['run', '--config', config]);
      const secondUrl = await apiUrl(second);
      const after = await groupsNow(secondUrl);
      for (const group of GROUPS) {
        const was = before.get(group)!;
        const is = after.get(group);
        assert.ok(is, `${group}: known at the first answer after the restart`);
        assert.equal(is.status, was.status, `${group}: the same status`);
        assert.notEqual(was.type, null, `${group}: typed before the kill`);
        assert.equal(is.type, was.type, `${group}: the same group type`);
        assert.equal(is.partitions.length, was.partitions.length, `${group}: the same partitions`);
        for (const p of is.partitions) assert.equal(p.complete, 1, `${group}: a full window`);
      }
      for (const group of ['demo-slow', 'demo-stuck', 'demo-stopped']) {
        const lagging = after.get(group)!.partitions.filter((p) => p.current_lag > 0);
        assert.ok(lagging.length > 0, `${group} has lag`);
        for (const p of lagging)
          assert.ok(p.time_lag_ms !== null && p.time_lag_ms > 0, `${group}: lag seconds at once`);
      }
      assert.match(second.stderr(), /state restored: \d+ groups, \d+ partitions/);

      // The first report after the restart (the stdout sink): full windows, the same statuses.
      const firstReport = await until(
        'the first report after the restart',
        () =>
          Promise.resolve(second!.stdout().split('\n')[0]).then((line) =>
            line
              ? (JSON.parse(line) as {
                  groups: { group: string; status: string; complete: number }[];
                })
              : undefined,
          ),
        30_000,
      );
      for (const group of GROUPS) {
        const g = firstReport.groups.find((x) => x.group === group);
        assert.ok(g, `${group} in the first report`);
        assert.equal(g.status, before.get(group)!.status, `${group}: the first report's status`);
        assert.equal(g.complete, 1, `${group}: the first report's windows are full`);
      }
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
      load.child.kill('SIGTERM');
      await Promise.all([first.exited, second?.exited, load.exited]);
    }
  },
);
