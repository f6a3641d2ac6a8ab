// docker-compose.yml as Docker Compose itself reads it: scripts/compose-cli runs
// compose-go, the loader behind `docker compose config` (schema validation,
// interpolation, normalisation; no daemon needed). Every service the quick start promises,
// started in order through health checks, ports on loopback only, and the files it mounts
// present in the repository.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../../helpers/stack.js';

const run = promisify(execFile);

interface ComposeService {
  image?: string;
  build?: { context: string };
  ports?: { host_ip?: string; published?: string; target: number }[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: { type: string; source: string; target: string }[];
  command?: string[];
  environment?: Record<string, string>;
}

const composeCli = join(repoRoot, 'scripts/compose-cli');

async function composeConfig(
  cwd = repoRoot,
): Promise<{ services: Record<string, ComposeService> }> {
  const { stdout } = await run('bash', [composeCli], { cwd, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as { services: Record<string, ComposeService> };
}

test('the loader refuses a compose file the Compose Specification does not allow', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagwatch-compose-'));
  try {
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      'services:\n  app:\n    image: busybox\n    restart_policy: always\n',
    );
    await assert.rejects(composeConfig(dir), /additional properties 'restart_policy' not allowed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docker compose accepts the file; services, order, health checks and ports', async () => {
  const { services } = await composeConfig();
  for (const name of [
    'kafka-a',
    'kafka-b',
    'influxdb',
    'elasticsearch',
    'kibana',
    'grafana',
    'lagwatch',
    'demo-load',
    'alertmanager',
  ]) {
    assert.ok(services[name], `service ${name}`);
  }
  for (const name of [
    'kafka-a',
    'kafka-b',
    'influxdb',
    'elasticsearch',
    'kibana',
    'grafana',
    'alertmanager',
  ]) {
    assert.ok(services[name]?.healthcheck?.test.length, `${name} has a health check`);
  }
  const lagwatch = services.lagwatch!;
  assert.equal(lagwatch.build?.context, resolve(repoRoot));
  for (const dependency of ['kafka-a', 'kafka-b', 'influxdb', 'elasticsearch']) {
    assert.equal(
      lagwatch.depends_on?.[dependency]?.condition,
      'service_healthy',
      `lagwatch waits for ${dependency}`,
    );
  }
  assert.deepEqual(services['demo-load']?.command?.slice(0, 1), ['demo-load']);
  assert.deepEqual(services['kibana-setup']?.command?.slice(0, 2), ['setup', 'kibana']);
  assert.equal(services['kibana-setup']?.depends_on?.kibana?.condition, 'service_healthy');
  for (const [name, service] of Object.entries(services)) {
    for (const port of service.ports ?? []) {
      assert.equal(port.host_ip, '127.0.0.1', `${name} publishes ${port.target} on loopback only`);
    }
  }
  for (const [name, service] of Object.entries(services)) {
    for (const volume of service.volumes ?? []) {
      if (volume.type === 'bind')
        assert.ok(existsSync(volume.source), `${name} mounts ${volume.source}, which exists`);
    }
  }
});

test('the Dockerfile runs lagwatch as a non-root user, with a health check on /readyz, two malloc arenas and a fixed mmap threshold', async () => {
  const { readFile } = await import('node:fs/promises');
  const dockerfile = await readFile(join(repoRoot, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /^FROM node:20\S* AS build$/m, 'multi-stage');
  assert.match(dockerfile, /^USER node$/m);
  // The run stage (after the last FROM) limits glibc's malloc arenas (README, Memory).
  const runStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  assert.match(runStage, /^ENV .*\bMALLOC_ARENA_MAX=2\b/m);
  assert.match(runStage, /^ENV .*\bMALLOC_MMAP_THRESHOLD_=65536\b/m);
  assert.match(dockerfile, /^HEALTHCHECK .*\n?.*\/readyz/m);
  assert.ok(existsSync(join(repoRoot, 'config/lagwatch.docker.yaml')));
});

test("lagwatch's Compose config is valid and its services are Compose's: Kafka, sinks, Alertmanager", async () => {
  const { readFile } = await import('node:fs/promises');
  const { parseConfig } = await import('../../../src/config/index.js');
  const { services } = await composeConfig();
  const file = join(repoRoot, 'config/lagwatch.docker.yaml');
  const config = parseConfig(await readFile(file, 'utf8'), {
    file,
    env: { INFLUXDB_TOKEN: 'lagwatch-local-token' },
  });
  const hostOf = (address: string): string => new URL(address).hostname;
  for (const cluster of config.clusters) {
    for (const broker of cluster.brokers) assert.ok(services[broker.split(':')[0]!], broker);
  }
  const alertmanager = config.notifiers.find((n) => n.type === 'alertmanager');
  assert.ok(alertmanager && 'url' in alertmanager, 'an alertmanager notifier');
  assert.equal(hostOf(String(alertmanager.url)), 'alertmanager');
  assert.ok(services.alertmanager?.ports?.some((p) => p.target === 9093));
  assert.equal(services.lagwatch?.depends_on?.alertmanager?.condition, 'service_started');
});
