// scripts/stack never takes another server for its own (issue 17, finding 11): every port
// of a service's block is reserved before it starts, and readiness proves identity —
// Kafka's cluster id (the one its storage was formatted with), Elasticsearch's node name.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { parseEnvFile, repoRoot, stackEnv } from '../../helpers/stack.js';

const run = promisify(execFile);
const env = stackEnv();
const stackScript = join(repoRoot, 'scripts/stack');

/** Runs a function of scripts/stack.d/ in a shell that sourced it, for this stack. */
async function stackFunction(
  source: string[],
  call: string,
): Promise<{ code: number; stderr: string }> {
  const script = [
    'set -uo pipefail',
    ...source.map((file) => `source ${JSON.stringify(join(repoRoot, 'scripts/stack.d', file))}`),
    call,
  ].join('\n');
  try {
    const { stderr } = await run('bash', ['-c', script], {
      env: { ...process.env, LAGWATCH_STACK_DIR: env.stackDir },
      timeout: 120_000,
    });
    return { code: 0, stderr };
  } catch (err) {
    const failed = err as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

async function clusterIdAt(brokers: string[]): Promise<string> {
  const admin = new Kafka({
    clientId: 'lagwatch-identity',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

function listen(server: Server | HttpServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : -1);
    });
  });
}

/** A port P with P..P+span-1 all free right now. */
async function freeBlock(span: number): Promise<number> {
  for (;;) {
    const base = 40_000 + Math.floor(Math.random() * 2_000) * 10;
    const servers: Server[] = [];
    try {
      for (let i = 0; i < span; i++) {
        const server = createServer();
        await listen(server, base + i);
        servers.push(server);
      }
      return base;
    } catch {
      // one of them is taken: try another block
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    }
  }
}

describe('the stack proves which server it talks to', { timeout: 300_000 }, () => {
  test('each Kafka cluster reports the cluster id scripts/stack formatted it with', async () => {
    const ids: string[] = [];
    for (const [name, { brokers }] of Object.entries(env.kafkaClusters)) {
      const formatted = readFileSync(
        join(env.stackDir, 'run', `kafka-${name}`, 'cluster.id'),
        'utf8',
      );
      assert.match(formatted, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(await clusterIdAt(brokers), formatted, `cluster ${name}`);
      ids.push(formatted);
    }
    assert.equal(new Set(ids).size, ids.length, 'every cluster has its own id');
  });

  test('the Kafka probe refuses a broker that is not ours, and accepts ours', async () => {
    const a = env.kafkaClusters.a!.brokers[0]!;
    const b = env.kafkaClusters.b!.brokers[0]!;
    // kafka-a's port answered by kafka-b's broker: the broker another checkout might hold.
    const foreign = await stackFunction(['common.sh', 'kafka.sh'], `kafka_probe ${b} kafka-a`);
    assert.equal(foreign.code, 1, foreign.stderr);
    assert.match(foreign.stderr, /answers with cluster id \S+, not ours/);
    const ours = await stackFunction(['common.sh', 'kafka.sh'], `kafka_probe ${a} kafka-a`);
    assert.equal(ours.code, 0, ours.stderr);
  });

  test('the Elasticsearch probe refuses a server that only looks like Elasticsearch', async () => {
    // Answers like a healthy node of the old, shared name on whatever port it is given.
    const fake = createHttpServer((req, res) => {
      res.setHeader('X-Elastic-Product', 'Elasticsearch');
      res.setHeader('Content-Type', 'application/json');
      const address = `127.0.0.1:${(fake.address() as { port: number }).port}`;
      res.end(
        req.url?.startsWith('/_nodes')
          ? JSON.stringify({
              nodes: { x: { name: 'lagwatch-test', http: { publish_address: address } } },
            })
          : JSON.stringify({ cluster_name: 'lagwatch-test', status: 'green' }),
      );
    });
    const port = await listen(fake);
    try {
      const refused = await stackFunction(
        ['common.sh', 'elasticsearch.sh'],
        `es_probe http://127.0.0.1:${port}`,
      );
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /is not ours \(node lagwatch-test-\w+\)/);
    } finally {
      await new Promise((r) => fake.close(r));
    }
    const ours = await stackFunction(
      ['common.sh', 'elasticsearch.sh'],
      `es_probe ${env.elasticsearchUrl}`,
    );
    assert.equal(ours.code, 0, ours.stderr);
  });

  test('a block reserved by another live stack is not taken, though its ports are free', async () => {
    const registry = mkdtempSync(join(tmpdir(), 'lagwatch-port-registry-'));
    const owner = mkdtempSync(join(tmpdir(), 'lagwatch-owner-stack-'));
    const preferred = await freeBlock(2);
    try {
      const { code, stderr } = await stackFunction(
        ['common.sh', 'ports.sh'],
        [
          `PORT_REGISTRY=${registry}`,
          `mkdir -p ${owner}/run; STACK_DIR=${owner}`,
          `reserve_block elasticsearch ${preferred} || exit 10`,
          `STACK_DIR=${owner}-other`,
          `echo "while live: $(reserve_ports elasticsearch ${preferred})" >&2`,
          `rm -r ${owner}/run # the owner ran down: its reservation is stale`,
          `echo "after down: $(reserve_ports elasticsearch ${preferred})" >&2`,
        ].join('\n'),
      );
      assert.equal(code, 0, stderr);
      const live = /while live: (\d+)/.exec(stderr)?.[1];
      assert.ok(live && Number(live) !== preferred, stderr);
      assert.match(stderr, new RegExp(`port ${preferred} .*is taken; using ${live} instead`));
      assert.match(stderr, new RegExp(`after down: ${preferred}$`, 'm'));
    } finally {
      rmSync(registry, { recursive: true, force: true });
      rmSync(owner, { recursive: true, force: true });
    }
  });

  describe('a second stack beside this one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagwatch-second-stack-'));
    const registry = mkdtempSync(join(tmpdir(), 'lagwatch-port-registry-'));
    // Its own folder and service list; the resolved classpath is copied, not resolved again.
    cpSync(join(env.stackDir, 'cache'), join(dir, 'cache'), { recursive: true });
    const secondEnv = {
      ...process.env,
      LAGWATCH_STACK_DIR: dir,
      LAGWATCH_PORT_REGISTRY: registry,
      LAGWATCH_STACK_SERVICES: 'kafka-a',
    };
    after(async () => {
      await run('bash', [stackScript, 'down'], { env: secondEnv, timeout: 120_000 }).catch(
        () => undefined,
      );
      rmSync(dir, { recursive: true, force: true });
      rmSync(registry, { recursive: true, force: true });
    });

    test('a foreign listener on its controller port: up picks another block and reports it', async () => {
      const preferred = await freeBlock(3);
      // Not on the broker port itself: on preferred+1, which the broker also binds.
      const foreign = createServer();
      await listen(foreign, preferred + 1);
      let stderr: string;
      try {
        ({ stderr } = await run('bash', [stackScript, 'up'], {
          env: { ...secondEnv, LAGWATCH_STACK_PORTS: `kafka-a=${preferred}` },
          timeout: 240_000,
        }));
      } finally {
        await new Promise((r) => foreign.close(r));
      }
      const written = parseEnvFile(readFileSync(join(dir, 'env'), 'utf8'));
      const brokers = written.get('STACK_KAFKA_A_BROKERS')!;
      const port = Number(brokers.split(':')[1]);
      assert.notEqual(port, preferred, stderr);
      assert.match(stderr, new RegExp(`port ${preferred} .*is taken; using ${port} instead`));
      // The whole block is reserved in the registry, in the second stack's name.
      const reserved = readdirSync(registry).map(Number).sort();
      assert.deepEqual(reserved, [port, port + 1, port + 2]);
      assert.equal(readFileSync(join(registry, String(port)), 'utf8'), `${dir} kafka-a`);
      // And the broker there is the second stack's, not this one's.
      const formatted = readFileSync(join(dir, 'run/kafka-a/cluster.id'), 'utf8');
      assert.equal(await clusterIdAt([brokers]), formatted);
      assert.notEqual(formatted, await clusterIdAt(env.kafkaClusters.a!.brokers));
    });

    test('down releases its reservations', async () => {
      await run('bash', [stackScript, 'down'], { env: secondEnv, timeout: 120_000 });
      assert.deepEqual(readdirSync(registry), []);
      assert.equal(existsSync(join(dir, 'env')), false);
    });
  });
});
