// `run` and `once` in-process, with client doubles: results mapped to exit codes and
// output; a SASL password that cannot be read is exit 2 naming its key (not a crash), as
// check-config says.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runOnce } from '../../../src/cli/once.js';
import { runService } from '../../../src/cli/run.js';
import { textSink } from '../../helpers/cli.js';
import { scratchDir, writeFile } from '../config/helpers.js';
import { fakeClients, silent } from '../pipeline/helpers.js';

const dir = scratchDir();

function io(env: NodeJS.ProcessEnv = {}) {
  const stdout = textSink();
  const stderr = textSink();
  return {
    io: { stdin: process.stdin, stdout: stdout.stream, stderr: stderr.stream, env },
    stdout: stdout.text,
    stderr: stderr.text,
  };
}

const clusters =
  'clusters:\n  - {name: a, brokers: ["127.0.0.1:1"]}\n  - {name: b, brokers: ["127.0.0.1:2"]}\n';

function saslConfig(name: string, secret: string): string {
  return writeFile(
    dir,
    name,
    `${clusters}  - {name: c, brokers: ["127.0.0.1:3"], sasl: {mechanism: plain, username: lw, ${secret}}}\n` +
      'sinks: []\napi: {enabled: false}\n',
  );
}

describe('run and once in-process', () => {
  test('run: a SASL password variable not set is exit 2 naming clusters[2].sasl.passwordEnv', async () => {
    const out = io();
    const code = await runService(
      { config: saslConfig('run-env.yaml', 'passwordEnv: C_PASS') },
      out.io,
      { logger: silent, stopped: Promise.resolve() },
    );
    assert.equal(code, 2);
    assert.equal(
      out.stderr(),
      'clusters[2].sasl.passwordEnv: expected the name of a set, non-empty environment ' +
        'variable holding the SASL password, found C_PASS not set\n',
    );
  });

  test('run and once: a SASL passwordFile that is a directory or missing is exit 2', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder, { recursive: true });
    for (const [path, found] of [
      [folder, `a directory (${folder})`],
      [join(dir, 'none'), `no such file (${join(dir, 'none')})`],
    ] as const) {
      const config = saslConfig('file.yaml', `passwordFile: ${path}`);
      const run = io();
      assert.equal(
        await runService({ config }, run.io, { logger: silent, stopped: Promise.resolve() }),
        2,
      );
      assert.match(
        run.stderr(),
        new RegExp(
          `^clusters\\[2\\]\\.sasl\\.passwordFile: .*found ${found.replace(/[()/.]/g, '\\$&')}\\n$`,
        ),
      );
      const once = io();
      assert.equal(await runOnce({ config }, once.io, { logger: silent }), 2);
      assert.equal(once.stderr(), run.stderr());
      assert.equal(once.stdout(), '');
    }
  });

  test('run: every report on the stdout sink until stopped, exit 0, clients let go', async () => {
    const config = writeFile(
      dir,
      'run.yaml',
      `${clusters}sinks:\n  - type: stdout\napi: {enabled: false}\nschedule: '0 0 1 1 *'\n`,
    );
    const { clientFor, clients } = fakeClients();
    const out = io();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runService({ config }, out.io, { logger: silent, clientFor, stopped });
    const deadline = Date.now() + 5000;
    while (out.stdout().split('\n').filter(Boolean).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    stop();
    assert.equal(await running, 0, out.stderr());
    const reports = out
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { cluster: string; available: boolean });
    assert.deepEqual(reports.map((r) => r.cluster).sort(), ['a', 'b']);
    assert.ok(reports.every((r) => r.available));
    assert.equal(clients.get('a')?.disconnects, 1);
    assert.equal(clients.get('b')?.disconnects, 1);
  });

  test('once: the lag table of every cluster, exit 0; exit 1 when one was not sampled', async () => {
    const config = writeFile(dir, 'once.yaml', `${clusters}sinks: []\n`);
    const { clientFor } = fakeClients();
    const out = io();
    assert.equal(await runOnce({ config, json: true }, out.io, { logger: silent, clientFor }), 0);
    const printed = JSON.parse(out.stdout()) as { clusters: { cluster: string; maxLag: number }[] };
    assert.deepEqual(
      printed.clusters.map((c) => [c.cluster, c.maxLag]),
      [
        ['a', 10],
        ['b', 10],
      ],
    );
    const down = fakeClients();
    const failing = io();
    const code = await runOnce({ config, cluster: ['b'] }, failing.io, {
      logger: silent,
      clientFor: (cluster, logger) => {
        down.clientFor(cluster, logger);
        const client = down.clients.get(cluster.name)!;
        client.failConnect = new Error('ECONNREFUSED');
        return client;
      },
    });
    assert.equal(code, 1);
    assert.match(
      failing.stdout(),
      /^# cluster b: NOT SAMPLED \(CLUSTER_UNAVAILABLE: .*ECONNREFUSED/,
    );
  });

  test('run: a state.dir another live lagwatch holds is exit 2 naming its pid and host', async (t) => {
    const stateDir = join(dir, 'held-state');
    mkdirSync(stateDir, { recursive: true });
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    });
    t.after(() => other.kill('SIGKILL'));
    const since = new Date().toISOString();
    writeFileSync(
      join(stateDir, 'lock'),
      JSON.stringify({ pid: other.pid, host: hostname(), since }),
    );
    const config = writeFile(
      dir,
      'held-state.yaml',
      `${clusters}sinks: []\napi: {enabled: false}\nstate: {dir: '${stateDir}'}\n`,
    );
    const { clientFor, clients } = fakeClients();
    const run = io();
    const code = await runService({ config }, run.io, {
      logger: silent,
      clientFor,
      stopped: Promise.resolve(),
    });
    assert.equal(code, 2);
    assert.match(
      run.stderr(),
      new RegExp(`^lagwatch run: state\\.dir: state dir .* is held by pid ${other.pid} on host `),
    );
    assert.equal(clients.get('a')?.listings ?? 0, 0, 'nothing sampled');
  });
});
