// A sink's reports become items in parts, with the event loop free between them: a large
// report (10,000 groups x 10 partitions: 0.6 s of encoding for InfluxDB, 1.2 s for
// Elasticsearch) encoded in one go held every API request and probe for that long, each
// sink in turn. Reports are encoded one after another, in the order written, and a report's
// items are handed on together once all its parts are encoded, so a report is queued whole
// or (when its encoder throws, a bug) not at all, as when it was encoded at once: its parts
// are written into a target of its own (the delivery's: a staging queue, item-queue.ts)
// that is handed on at the end.
import type { EvaluationReport } from '../../src/contract/report.js';
import type { ItemTarget } from '../item-target.js';
import { partFrom, wholeReport, type ReportPart } from '../report-part.js';

/** An encoder that can write a part of a report (see report-part.ts) into a target. */
export type PartEncoder = (report: EvaluationReport, part: ReportPart, target: ItemTarget) => void;

export interface ReportEncodingOptions<T extends ItemTarget> {
  /** An empty target for a report's items (the delivery's: a staging queue). */
  readonly target: () => T;
  /** A report's items, all of them, in order, in the target given for it. */
  readonly encoded: (report: EvaluationReport, items: T) => void;
  /** The encoder threw: the report is skipped, and the target given for it with it. */
  readonly failed: (report: EvaluationReport, error: unknown, items: T) => void;
  /** Group-partitions per part. */
  readonly partitionsPerPart?: number;
  /** Up to this many group-partitions, a report with none waiting before it is encoded at once. */
  readonly atOnceUpTo?: number;
  /** How long one turn of encoding may hold the event loop before it yields. */
  readonly turnBudgetMs?: number;
}

/** About 2–5 ms of encoding (bench/encoders: 200,000–700,000 items per second of CPU). */
export const PARTITIONS_PER_PART = 1_000;
/** A report this small takes a few ms in one go: no part of it waits for a later turn. */
export const ENCODE_AT_ONCE_UP_TO = 2_000;
/** Below the API's own answers' budget: a request arriving mid-encoding waits at most this. */
export const TURN_BUDGET_MS = 10;

interface Job<T> {
  readonly report: EvaluationReport;
  /** The next part's first group. */
  next: number;
  /** The parts encoded so far. */
  readonly items: T;
}

export class ReportEncoding<T extends ItemTarget> {
  readonly #encode: PartEncoder;
  readonly #options: ReportEncodingOptions<T>;
  readonly #perPart: number;
  readonly #atOnceUpTo: number;
  readonly #budgetMs: number;
  readonly #jobs: Job<T>[] = [];
  #scheduled = false;

  constructor(encode: PartEncoder, options: ReportEncodingOptions<T>) {
    this.#encode = encode;
    this.#options = options;
    this.#perPart = options.partitionsPerPart ?? PARTITIONS_PER_PART;
    this.#atOnceUpTo = options.atOnceUpTo ?? ENCODE_AT_ONCE_UP_TO;
    this.#budgetMs = options.turnBudgetMs ?? TURN_BUDGET_MS;
  }

  /** Reports written and not yet encoded. */
  get waiting(): number {
    return this.#jobs.length;
  }

  /** Takes a report in; never throws. A small one with none waiting is encoded now. */
  add(report: EvaluationReport): void {
    if (this.#jobs.length === 0 && groupPartitions(report) <= this.#atOnceUpTo) {
      this.#whole(report);
      return;
    }
    this.#jobs.push({ report, next: 0, items: this.#options.target() });
    this.#schedule();
  }

  /** Encodes every report waiting, now (flush and close: they are delivered or spooled next). */
  drain(): void {
    while (this.#jobs.length > 0) this.#step();
  }

  #whole(report: EvaluationReport): void {
    const items = this.#options.target();
    try {
      this.#encode(report, wholeReport(report), items);
    } catch (error) {
      this.#options.failed(report, error, items);
      return;
    }
    this.#options.encoded(report, items);
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#turn();
    });
  }

  #turn(): void {
    const until = performance.now() + this.#budgetMs;
    while (this.#jobs.length > 0) {
      this.#step();
      if (performance.now() >= until) break;
    }
    if (this.#jobs.length > 0) this.#schedule();
  }

  /** Encodes the next part of the oldest report (drain may have emptied the queue). */
  #step(): void {
    const job = this.#jobs[0];
    if (job === undefined) return;
    const { report } = job;
    let part: ReportPart;
    try {
      part = partFrom(report.groups, job.next, this.#perPart);
      this.#encode(report, part, job.items);
    } catch (error) {
      this.#jobs.shift();
      this.#options.failed(report, error, job.items);
      return;
    }
    job.next = part.to;
    if (!part.last) return;
    this.#jobs.shift();
    this.#options.encoded(report, job.items);
  }
}

function groupPartitions(report: EvaluationReport): number {
  let n = 0;
  for (const group of report.groups) n += group.partitionCount;
  return n;
}
