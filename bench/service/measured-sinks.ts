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
  /** Items (points, documents) the report became; NaN until it is encoded. */
  items: number;
  /** write() itself, on the event loop: wall time (a large report is encoded after it). */
  readonly writeMs: number;
  /** The process's CPU time during that write (a loaded machine inflates the wall time). */
  readonly writeCpuMs: number;
  /** When it was written (performance.now()). */
  readonly writtenAt: number;
  /** From write() to its last part encoded and queued (report-encoding.ts); null: not yet. */
  encodedMs: number | null;
  /** The sink's taken-in count once it is encoded: it is done when the done count gets there. */
  doneAt: number;
  /** From write() to the last of its items stored (or rejected, dropped); null: not yet. */
  deliveryMs: number | null;
}

/** Items the sink has taken in: done (stored, rejected, dropped) or still held. */
const takenIn = (h: SinkHealth): number =>
  h.delivered + h.rejected + h.dropped + h.queued + h.spooled;
const done = (h: SinkHealth): number => h.delivered + h.rejected + h.dropped;
/** Reports a sink has taken in but not encoded yet (DeliverySink encodes large ones in parts). */
const encodingWaiting = (sink: Sink): number =>
  'encodingWaiting' in sink && typeof sink.encodingWaiting === 'number' ? sink.encodingWaiting : 0;

/**
 * The fan-out lagwatch builds, but each report's write is timed per sink, and reports are
 * passed on only while `recording` (the bench's window-filling ticks are not sent). The
 * sinks encode and deliver in order, so a report is encoded once fewer reports wait to be
 * encoded than were written after it, and delivered once a sink's done count reaches what
 * it had taken in after encoding it; a timer looks every `pollMs`.
 */
export class MeasuredFanout extends SinkFanout {
  recording = false;
  /** Per sink (same order as `sinks`), every report written while recording. */
  readonly deliveries: ReportDelivery[][];
  /** Per sink, reports whose write threw (a sink's write should never throw). */
  readonly throwingWrites: number[];
  /** Per sink: reports whose items are known; the taken-in count when the last was. */
  readonly #encoded: number[];
  readonly #takenIn: number[];
  readonly #next: number[];
  #timer: NodeJS.Timeout | null = null;

  constructor(sinks: readonly Sink[], logger: Logger) {
    super(sinks, logger);
    this.deliveries = sinks.map(() => []);
    this.throwingWrites = sinks.map(() => 0);
    this.#encoded = sinks.map(() => 0);
    this.#takenIn = sinks.map(() => NaN);
    this.#next = sinks.map(() => 0);
  }

  static fromConfigs(configs: readonly SinkConfig[], logger: Logger): MeasuredFanout {
    return new MeasuredFanout(createSinks(configs, { logger }), logger);
  }

  override write(report: EvaluationReport): void {
    if (!this.recording) return;
    this.sinks.forEach((sink, i) => {
      if (Number.isNaN(this.#takenIn[i])) this.#takenIn[i] = takenIn(sink.health());
      const cpu = process.cpuUsage();
      const start = performance.now();
      try {
        sink.write(report);
      } catch {
        this.throwingWrites[i]!++;
      }
      const writeMs = performance.now() - start;
      const { user, system } = process.cpuUsage(cpu);
      this.deliveries[i]!.push({
        items: NaN,
        writeMs,
        writeCpuMs: (user + system) / 1000,
        writtenAt: start,
        encodedMs: null,
        doneAt: NaN,
        deliveryMs: null,
      });
      this.#noteEncoded(i, performance.now());
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
      this.#noteEncoded(i, now);
      const finished = done(sink.health());
      const deliveries = this.deliveries[i]!;
      while (this.#next[i]! < this.#encoded[i]! && deliveries[this.#next[i]!]!.doneAt <= finished) {
        const k = this.#next[i]!++;
        deliveries[k]!.deliveryMs = now - deliveries[k]!.writtenAt;
      }
    });
  }

  /** Item counts for every report encoded by now (after stop: all of them), no delivery times. */
  settleEncoded(): void {
    const now = performance.now();
    this.sinks.forEach((_, i) => this.#noteEncoded(i, now));
  }

  /**
   * Reports of sink `i` encoded since the last look get their item counts. Two or more
   * encoded between two looks share the items evenly (one report per tick and a look every
   * 20 ms make that rare).
   */
  #noteEncoded(i: number, now: number): void {
    const deliveries = this.deliveries[i]!;
    const encoded = deliveries.length - encodingWaiting(this.sinks[i]!);
    const from = this.#encoded[i]!;
    if (encoded <= from) return;
    const taken = takenIn(this.sinks[i]!.health());
    const share = (taken - this.#takenIn[i]!) / (encoded - from);
    for (let k = from; k < encoded; k++) {
      const d = deliveries[k]!;
      d.items = share;
      d.encodedMs = now - d.writtenAt;
      d.doneAt = this.#takenIn[i]! + share * (k - from + 1);
    }
    this.#encoded[i] = encoded;
    this.#takenIn[i] = taken;
  }
}
