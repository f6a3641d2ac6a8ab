// The encoders as a sink runs them: a report's items written as bytes into a staging queue
// taken from the sink's queue, appended to it whole, and (here, instead of being sent)
// cleared, so that its chunks go back to the pool for the next report
// (sinks/delivery/delivery-sink.ts). No string is made of an item.
import { ItemQueue } from '../../sinks/delivery/item-queue.js';
import { writeReportBulkItems } from '../../sinks/elasticsearch/bulk-item.js';
import { writeDefaultSchemaPoints } from '../../sinks/influxdb/schema-default.js';
import { writeTelegrafBurrowPoints } from '../../sinks/influxdb/schema-telegraf-burrow.js';
import type { ItemTarget } from '../../sinks/item-target.js';
import { wholeReport, type ReportPart } from '../../sinks/report-part.js';
import type { EvaluationReport } from '../../src/contract/report.js';

export type EncoderName = 'line-protocol' | 'telegraf-burrow' | 'bulk';

type Write = (report: EvaluationReport, part: ReportPart, target: ItemTarget) => void;

const WRITERS: Record<EncoderName, Write> = {
  'line-protocol': writeDefaultSchemaPoints,
  'telegraf-burrow': writeTelegrafBurrowPoints,
  bulk: (report, part, target) => writeReportBulkItems(report, 'daily', 'bench', part, target),
};

/** Encodes reports into a queue of its own, as one sink does; each report's items are dropped once queued. */
export class QueuedEncoder {
  readonly #queue = new ItemQueue();
  readonly #write: Write;

  constructor(name: EncoderName) {
    this.#write = WRITERS[name];
  }

  /** Queues the report's items; returns how many there were. */
  encode(report: EvaluationReport): number {
    const staged = this.#queue.staging();
    this.#write(report, wholeReport(report), staged);
    const items = staged.length;
    this.#queue.append(staged);
    this.#queue.clear();
    return items;
  }
}
