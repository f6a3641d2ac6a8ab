// bench/service's sinks (LAGWATCH_BENCH_SINKS=influxdb,elasticsearch): the real sinks,
// pointed at the stack's InfluxDB 1.x and Elasticsearch, each writing to a database or
// index prefix of its own that the bench makes and removes; a fan-out that times how long
// every report takes to be stored, from the sinks' own health() counts; and the read-back
// that checks the servers hold what the sinks say they stored.
import {
  SinkFanout,
  createSinks,
  templateName,
  type EvaluationReport,
  type Sink,
  type SinkConfig,
  type SinkHealth,
} from '../../sinks/index.js';
import type { Logger } from '../../src/contract/logger.js';

export type BenchSinkKind = 'influxdb' | 'elasticsearch';
const KINDS: readonly BenchSinkKind[] = ['influxdb', 'elasticsearch'];

/** LAGWATCH_BENCH_SINKS: a comma-separated list of influxdb, elasticsearch (or nothing). */
export function sinkKinds(text: string | undefined): BenchSinkKind[] {
  const kinds = (text ?? '').split(',').filter(Boolean);
  for (const kind of kinds) {
    if (!KINDS.includes(kind as BenchSinkKind))
      throw new Error(`LAGWATCH_BENCH_SINKS: expected ${KINDS.join(', ')}; found ${kind}`);
  }
  return [...new Set(kinds)] as BenchSinkKind[];
}

/** Where the bench's sinks write: a fresh InfluxDB database and Elasticsearch prefix. */
export interface SinkTargets {
  readonly influxdbUrl: string;
  readonly database: string;
  readonly elasticsearchUrl: string;
  readonly indexPrefix: string;
}

export function freshTargets(influxdbUrl: string, elasticsearchUrl: string): SinkTargets {
  const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  return {
    influxdbUrl,
    database: `bench_service_${stamp}`,
    elasticsearchUrl,
    indexPrefix: `bench-service-${stamp}`,
  };
}

/** The config's `sinks:` entries (YAML lines) as an operator would write them. */
export function sinksYaml(
  kinds: readonly BenchSinkKind[],
  targets: SinkTargets,
  queueMaxItems: number,
): string[] {
  if (kinds.length === 0) return ['sinks: []'];
  const lines = ['sinks:'];
  for (const kind of kinds) {
    if (kind === 'influxdb') {
      lines.push(
        '  - type: influxdb',
        '    name: influxdb',
        '    api: v1',
        `    url: ${JSON.stringify(targets.influxdbUrl)}`,
        `    database: ${targets.database}`,
      );
    } else {
      lines.push(
        '  - type: elasticsearch',
        '    name: elasticsearch',
        `    nodes: [${JSON.stringify(targets.elasticsearchUrl)}]`,
        `    indexPrefix: ${targets.indexPrefix}`,
        '    setupOnStart: true',
      );
    }
    lines.push(`    queue: { maxItems: ${queueMaxItems} }`);
  }
  return lines;
}

async function influxql(url: string, q: string, db?: string): Promise<unknown[][][]> {
  const params = new URLSearchParams({ q });
  if (db !== undefined) params.set('db', db);
  const res = await fetch(`${url}/query`, { method: 'POST', body: params });
  const body = (await res.json()) as {
    results?: { error?: string; series?: { values?: unknown[][] }[] }[];
    error?: string;
  };
  const result = body.results?.[0];
  const error = body.error ?? result?.error;
  if (res.status !== 200 || error !== undefined)
    throw new Error(`InfluxQL ${q}: HTTP ${res.status} ${error ?? ''}`);
  return (result?.series ?? []).map((s) => s.values ?? []);
}

async function es(url: string, method: string, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, { method });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300 && res.status !== 404)
    throw new Error(`Elasticsearch ${method} ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Makes what the sinks need and lagwatch does not make itself: the InfluxDB database. */
export async function prepareTargets(
  kinds: readonly BenchSinkKind[],
  targets: SinkTargets,
): Promise<void> {
  if (kinds.includes('influxdb'))
    await influxql(targets.influxdbUrl, `CREATE DATABASE "${targets.database}"`);
}

/** Removes the database, the indices and the index template the run made. */
export async function removeTargets(
  kinds: readonly BenchSinkKind[],
  targets: SinkTargets,
): Promise<void> {
  if (kinds.includes('influxdb'))
    await influxql(targets.influxdbUrl, `DROP DATABASE "${targets.database}"`);
  if (kinds.includes('elasticsearch')) {
    const url = targets.elasticsearchUrl;
    await es(url, 'DELETE', `/${targets.indexPrefix}-*?allow_no_indices=true`);
    await es(
      url,
      'DELETE',
      `/_index_template/${templateName({ indexPrefix: targets.indexPrefix, indexMode: 'daily' })}`,
    );
  }
}

/**
 * What the servers hold: InfluxDB's points (for each measurement, the largest count of any
 * of its fields: every point has its always-present fields) and Elasticsearch's _count.
 */
export async function storedCounts(
  kinds: readonly BenchSinkKind[],
  targets: SinkTargets,
): Promise<Map<BenchSinkKind, { total: number; detail: string }>> {
  const counts = new Map<BenchSinkKind, { total: number; detail: string }>();
  if (kinds.includes('influxdb')) {
    const { influxdbUrl: url, database } = targets;
    const measurements = (await influxql(url, 'SHOW MEASUREMENTS', database))
      .flat()
      .map((row) => String(row[0]));
    const parts: string[] = [];
    let total = 0;
    for (const m of measurements) {
      const [row] = (await influxql(url, `SELECT count(*) FROM "${m}"`, database)).flat();
      const points = Math.max(0, ...(row ?? []).slice(1).map(Number));
      parts.push(`${m} ${points}`);
      total += points;
    }
    counts.set('influxdb', { total, detail: parts.join(', ') });
  }
  if (kinds.includes('elasticsearch')) {
    const url = targets.elasticsearchUrl;
    const index = `${targets.indexPrefix}-*`;
    await es(url, 'POST', `/${index}/_refresh?allow_no_indices=true`);
    const body = await es(url, 'GET', `/${index}/_count?allow_no_indices=true`);
    counts.set('elasticsearch', { total: Number(body.count), detail: `_count of ${index}` });
  }
  return counts;
}

/** One report's way through one sink. */
export interface ReportDelivery {
  /** Items (points, documents) the report became. */
  readonly items: number;
  /** Encoding and queueing it (write(), on the event loop): wall time. */
  readonly writeMs: number;
  /** The process's CPU time during that write (a loaded machine inflates the wall time). */
  readonly writeCpuMs: number;
  /** When it was written (performance.now()). */
  readonly writtenAt: number;
  /** The sink's stored+rejected+dropped count once all of it (and all before it) is done. */
  readonly doneAt: number;
  /** From write() to the last of its items stored (or rejected, dropped); null: not yet. */
  deliveryMs: number | null;
}

/** Items the sink has taken in: done (stored, rejected, dropped) or still held. */
const takenIn = (h: SinkHealth): number =>
  h.delivered + h.rejected + h.dropped + h.queued + h.spooled;
const done = (h: SinkHealth): number => h.delivered + h.rejected + h.dropped;

/**
 * The fan-out lagwatch builds, but each report's write is timed per sink, and reports are
 * passed on only while `recording` (the bench's window-filling ticks are not sent). The
 * sinks deliver in order, so a report is delivered once a sink's done count reaches what
 * it had taken in after that report; a timer compares the two every `pollMs`.
 */
export class MeasuredFanout extends SinkFanout {
  recording = false;
  /** Per sink (same order as `sinks`), every report written while recording. */
  readonly deliveries: ReportDelivery[][];
  /** Per sink, reports whose write threw (a sink's write should never throw). */
  readonly throwingWrites: number[];
  readonly #next: number[];
  #timer: NodeJS.Timeout | null = null;

  constructor(sinks: readonly Sink[], logger: Logger) {
    super(sinks, logger);
    this.deliveries = sinks.map(() => []);
    this.throwingWrites = sinks.map(() => 0);
    this.#next = sinks.map(() => 0);
  }

  static fromConfigs(configs: readonly SinkConfig[], logger: Logger): MeasuredFanout {
    return new MeasuredFanout(createSinks(configs, { logger }), logger);
  }

  override write(report: EvaluationReport): void {
    if (!this.recording) return;
    this.sinks.forEach((sink, i) => {
      const before = sink.health();
      const cpu = process.cpuUsage();
      const start = performance.now();
      try {
        sink.write(report);
      } catch {
        this.throwingWrites[i]!++;
      }
      const writeMs = performance.now() - start;
      const { user, system } = process.cpuUsage(cpu);
      const after = sink.health();
      this.deliveries[i]!.push({
        items: takenIn(after) - takenIn(before),
        writeMs,
        writeCpuMs: (user + system) / 1000,
        writtenAt: start,
        doneAt: takenIn(after),
        deliveryMs: null,
      });
    });
  }

  /** Starts timing deliveries (every `pollMs`). */
  watch(pollMs = 20): void {
    this.#timer ??= setInterval(() => this.poll(), pollMs);
  }

  unwatch(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Per sink, reports not delivered yet (as of the last poll). */
  undelivered(): number[] {
    return this.deliveries.map((d, i) => d.length - this.#next[i]!);
  }

  poll(): void {
    const now = performance.now();
    this.sinks.forEach((sink, i) => {
      const finished = done(sink.health());
      const deliveries = this.deliveries[i]!;
      while (this.#next[i]! < deliveries.length && deliveries[this.#next[i]!]!.doneAt <= finished) {
        const k = this.#next[i]!++;
        deliveries[k]!.deliveryMs = now - deliveries[k]!.writtenAt;
      }
    });
  }
}
