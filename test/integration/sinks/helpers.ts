// Reading back what the sinks wrote, from the real servers: InfluxQL for InfluxDB 1.x,
// /api/v1/export for VictoriaMetrics, search for Elasticsearch. Reads retry while a
// server is briefly away (another test file may be restarting it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { parseEnvFile, repoRoot } from '../../helpers/stack.js';

/** The addresses of the servers the sinks write to (and only those: Kafka is not needed). */
export interface SinkStackEnv {
  readonly influxdbUrl: string;
  readonly influxdbVersion: string;
  readonly victoriametricsUrl: string;
  readonly victoriametricsVersion: string;
  readonly elasticsearchUrl: string;
  readonly elasticsearchVersion: string;
}

function sinkStackEnv(): SinkStackEnv {
  const file = join(process.env.LAGWATCH_STACK_DIR ?? join(repoRoot, '.stack'), 'env');
  const hint = 'the test stack is not running: start it with `scripts/stack up`';
  if (!existsSync(file)) throw new Error(`${hint} (no ${file})`);
  const values = parseEnvFile(readFileSync(file, 'utf8'));
  const need = (key: string): string => {
    const value = values.get(key);
    if (value === undefined || value === '') throw new Error(`${file} has no ${key}; ${hint}`);
    return value;
  };
  return {
    influxdbUrl: need('STACK_INFLUXDB_URL'),
    influxdbVersion: need('STACK_INFLUXDB_VERSION'),
    victoriametricsUrl: need('STACK_VICTORIAMETRICS_URL'),
    victoriametricsVersion: need('STACK_VICTORIAMETRICS_VERSION'),
    elasticsearchUrl: need('STACK_ELASTICSEARCH_URL'),
    elasticsearchVersion: need('STACK_ELASTICSEARCH_VERSION'),
  };
}

export const env = sinkStackEnv();

export async function retrying<T>(
  what: string,
  attempt: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
      await wait(250);
    }
  }
}

export async function until(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await wait(200);
  }
}

// ---- InfluxDB 1.x ---------------------------------------------------------------------

export interface InfluxSeries {
  name: string;
  columns: string[];
  values: unknown[][];
}

export async function influxql(q: string, db?: string): Promise<InfluxSeries[]> {
  return retrying(`InfluxQL ${q}`, async () => {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (db !== undefined) params.set('db', db);
    const res = await fetch(`${env.influxdbUrl}/query`, { method: 'POST', body: params });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { results: { error?: string; series?: InfluxSeries[] }[] };
    const result = body.results[0];
    if (result?.error !== undefined) throw new Error(result.error);
    return result?.series ?? [];
  });
}

/** Every row of a measurement as objects (tags and fields by name; absent fields null). */
export async function influxRows(
  db: string,
  measurement: string,
): Promise<Record<string, unknown>[]> {
  const series = await influxql(`SELECT * FROM "${measurement}"`, db);
  return series.flatMap((s) =>
    s.values.map((row) => Object.fromEntries(s.columns.map((column, i) => [column, row[i]]))),
  );
}

export async function createDatabase(db: string): Promise<void> {
  await influxql(`CREATE DATABASE "${db}"`);
}

export async function dropDatabase(db: string): Promise<void> {
  await influxql(`DROP DATABASE "${db}"`).catch(() => undefined);
}

// ---- VictoriaMetrics ------------------------------------------------------------------

export interface ExportLine {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

export async function vmExport(match: string): Promise<ExportLine[]> {
  return retrying(`export ${match}`, async () => {
    const params = new URLSearchParams({ 'match[]': match });
    const res = await fetch(`${env.victoriametricsUrl}/api/v1/export?${params.toString()}`);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return (await res.text())
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as ExportLine);
  });
}

// ---- the stack ------------------------------------------------------------------------

export type Service = 'influxdb' | 'elasticsearch' | 'victoriametrics';

/** scripts/stack stop|start SERVICE (keeps its port and data). */
export function stack(action: 'stop' | 'start', service: Service): void {
  const result = spawnSync('bash', [join(repoRoot, 'scripts/stack'), action, service], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`scripts/stack ${action} ${service} failed: ${result.stderr}`);
  }
}

/** A local port nothing listens on (found free, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
