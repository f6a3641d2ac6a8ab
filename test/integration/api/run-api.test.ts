// `lagwatch run` serves the API: a real process on the real stack, its API found from its
// log, ready once both clusters are sampled, the admin token read from the environment,
// and the API closed first on SIGTERM. A token that cannot be read stops it at start
// (exit 2); a port in use too (exit 1).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { uniqueName } from '../../helpers/names.js';
import { repoRoot, stackEnv } from '../../helpers/stack.js';
import { parseMetrics } from '../../unit/api/prometheus.js';

const prefix = uniqueName('apirun');
const TOKEN_ENV = 'LAGWATCH_TEST_API_TOKEN';

function writeConfig(api: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagwatch-api-run-'));
  const file = join(dir, 'lagwatch.yaml');
  const clusters = Object.entries(stackEnv().kafkaClusters)
    .map(
      ([name, c]) =>
        `  - name: ${name}\n    brokers: [${c.brokers.join(', ')}]\n    groups: { allow: ['^${prefix}'] }\n`,
    )
    .join('');
  writeFileSync(file, `clusters:\n${clusters}schedule: '* * * * * *'\nsinks: []\napi: ${api}\n`);
  return file;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('lagwatch run serves the API', { timeout: 120_000 }, () => {
  test('listens, becomes ready, answers, takes the admin token from env, closes on SIGTERM', async () => {
    const config = writeConfig(`{ listen: '127.0.0.1:0', adminTokenEnv: ${TOKEN_ENV} }`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'run', '--config', config],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, [TOKEN_ENV]: 'run-token' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const url = await until('the api listening line', () =>
        Promise.resolve(
          /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"api listening"/.exec(stdout)?.[1],
        ),
      );
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      const ready = await until('/readyz 200', async () => {
        const r = await fetch(`${url}/readyz`);
        return r.status === 200
          ? ((await r.json()) as { clusters: { cluster: string }[] })
          : undefined;
      });
      assert.deepEqual(
        ready.clusters.map((c) => c.cluster),
        ['a', 'b'],
      );
      const clusters = (await (await fetch(`${url}/v3/kafka`)).json()) as { clusters: string[] };
      assert.deepEqual(clusters.clusters, ['a', 'b']);
      const metrics = parseMetrics(await (await fetch(`${url}/metrics`)).text());
      assert.ok(metrics.has('process_cpu_user_seconds_total'), "run adds Node's process metrics");
      assert.ok(Number(metrics.get('lagwatch_ticks_total')?.metrics[0]?.value) >= 1);

      const set = (headers: Record<string, string>) =>
        fetch(`${url}/v3/admin/loglevel`, { method: 'POST', headers, body: '{"level":"warn"}' });
      assert.equal((await set({})).status, 403);
      assert.equal((await set({ authorization: 'Bearer run-token' })).status, 200);
      const level = (await (await fetch(`${url}/v3/admin/loglevel`)).json()) as { level: string };
      assert.equal(level.level, 'warn');

      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      await assert.rejects(fetch(`${url}/healthz`), 'the API is closed');
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('an admin token that cannot be read: exit 2 naming the API and the variable', async () => {
    assert.equal(process.env[TOKEN_ENV], undefined, 'runCli passes this environment on');
    const config = writeConfig(`{ listen: '127.0.0.1:0', adminTokenEnv: ${TOKEN_ENV} }`);
    const { code, stderr } = await runCli(['run', '--config', config]);
    assert.equal(code, 2);
    assert.match(stderr, /api admin token/);
    assert.match(stderr, new RegExp(TOKEN_ENV));
  });

  test('a port in use: exit 1 naming api.listen', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await runCli([
        'run',
        '--config',
        writeConfig(`{ listen: '127.0.0.1:${port}' }`),
      ]);
      assert.equal(code, 1, stderr);
      assert.match(stderr, new RegExp(`api\\.listen 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
