import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { DeliverySink } from '../../../sinks/delivery/delivery-sink.js';
import { ReportEncoding, type PartEncoder } from '../../../sinks/delivery/report-encoding.js';
import { writeReportBulkItems } from '../../../sinks/elasticsearch/bulk-item.js';
import {
  defaultSchemaLines,
  writeDefaultSchemaPoints,
} from '../../../sinks/influxdb/schema-default.js';
import { writeTelegrafBurrowPoints } from '../../../sinks/influxdb/schema-telegraf-burrow.js';
import { itemStrings, StringItems } from '../../../sinks/item-target.js';
import { partFrom, type ReportPart } from '../../../sinks/report-part.js';
import { largeReport, variedReport } from '../../helpers/reports.js';
import { FakeTransport } from './helpers/fake-transport.js';
import { captureLogger } from './helpers/logger.js';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

/** Every part of a report, from its first group on, `partitions` group-partitions each. */
function partsOf(report: EvaluationReport, partitions: number): ReportPart[] {
  const parts: ReportPart[] = [];
  let from = 0;
  for (;;) {
    const part = partFrom(report.groups, from, partitions);
    parts.push(part);
    if (part.last) return parts;
    from = part.to;
  }
}

const encoders: Record<string, PartEncoder> = {
  'line protocol, default schema': writeDefaultSchemaPoints,
  'line protocol, telegraf-burrow schema': writeTelegrafBurrowPoints,
  'bulk documents': (r, part, target) => writeReportBulkItems(r, 'daily', 'lagwatch', part, target),
  // An index name with a character the byte writer does not copy: the string encoder.
  'bulk documents, string encoder': (r, part, target) =>
    writeReportBulkItems(r, 'daily', 'lagwätch', part, target),
};

/** A part's items, as strings. */
function encoded(encode: PartEncoder, report: EvaluationReport, part: ReportPart): string[] {
  return itemStrings((target) => {
    encode(report, part, target);
  });
}

describe('a report encoded in parts', () => {
  const reports = [largeReport('parts', T0, 40, 7), variedReport('parts, "varied"', T0)];
  for (const [name, encode] of Object.entries(encoders)) {
    test(`${name}: the parts' items, in order, are the whole report's`, () => {
      for (const report of reports) {
        const whole = encoded(encode, report, { from: 0, to: report.groups.length, last: true });
        assert.ok(whole.length > report.groups.length);
        for (const size of [1, 7, 30, 1_000]) {
          const items = partsOf(report, size).flatMap((part) => encoded(encode, report, part));
          assert.deepEqual(items, whole, `parts of ${size} group-partitions`);
        }
      }
    });
  }

  test('partFrom takes whole groups, at least one, and ends with the last', () => {
    const report = largeReport('parts', T0, 10, 3);
    assert.deepEqual(partFrom(report.groups, 0, 1), { from: 0, to: 1, last: false });
    assert.deepEqual(partFrom(report.groups, 0, 7), { from: 0, to: 3, last: false });
    assert.deepEqual(partFrom(report.groups, 8, 100), { from: 8, to: 10, last: true });
    assert.deepEqual(partFrom([], 0, 100), { from: 0, to: 0, last: true });
    const parts = partsOf(report, 4);
    assert.equal(parts.length, 5);
    assert.deepEqual(
      parts.map((p) => [p.from, p.to]),
      [
        [0, 2],
        [2, 4],
        [4, 6],
        [6, 8],
        [8, 10],
      ],
    );
  });
});

interface Seen {
  readonly encoded: { report: EvaluationReport; items: string[] }[];
  readonly failed: { report: EvaluationReport; error: unknown }[];
  readonly parts: ReportPart[];
}

function encoding(
  encode: PartEncoder,
  atOnceUpTo = 100,
): { encoding: ReportEncoding<StringItems>; seen: Seen } {
  const seen: Seen = { encoded: [], failed: [], parts: [] };
  const counted: PartEncoder = (report, part, target) => {
    seen.parts.push(part);
    encode(report, part, target);
  };
  return {
    seen,
    encoding: new ReportEncoding(counted, {
      target: () => new StringItems(),
      encoded: (report, items) => seen.encoded.push({ report, items: items.out }),
      failed: (report, error) => seen.failed.push({ report, error }),
      partitionsPerPart: 20,
      atOnceUpTo,
      // One part a turn, so that every part waits for a turn of the event loop.
      turnBudgetMs: 0,
    }),
  };
}

describe('ReportEncoding', () => {
  const encode: PartEncoder = writeDefaultSchemaPoints;

  test('a large report is encoded a part per turn, the event loop running between', async () => {
    const report = largeReport('parts', T0, 30, 5); // 150 group-partitions: 8 parts of 20
    const { encoding: e, seen } = encoding(encode);
    e.add(report);
    assert.equal(seen.encoded.length, 0, 'nothing encoded within write');
    assert.equal(e.waiting, 1);
    let turns = 0;
    while (seen.encoded.length === 0) {
      await nextTurn();
      turns++;
      assert.ok(turns < 100, 'the encoding never finished');
    }
    assert.equal(seen.parts.length, 8);
    assert.ok(turns >= 8, `every part had a turn of its own (${turns} turns)`);
    assert.deepEqual(seen.encoded[0]!.items, defaultSchemaLines(report));
    assert.equal(e.waiting, 0);
  });

  test('a small report with nothing waiting is encoded within add', () => {
    const report = largeReport('parts', T0, 4, 5);
    const { encoding: e, seen } = encoding(encode);
    e.add(report);
    assert.equal(seen.encoded.length, 1);
    assert.deepEqual(seen.parts, [{ from: 0, to: 4, last: true }]);
  });

  test('reports are encoded in the order written: a small one waits behind a large one', async () => {
    const large = largeReport('a', T0, 30, 5);
    const small = largeReport('b', T0, 2, 2);
    const { encoding: e, seen } = encoding(encode);
    e.add(large);
    e.add(small);
    assert.equal(seen.encoded.length, 0);
    while (seen.encoded.length < 2) await nextTurn();
    assert.deepEqual(
      seen.encoded.map((x) => x.report),
      [large, small],
    );
    assert.deepEqual(seen.encoded[1]!.items, defaultSchemaLines(small));
  });

  test('drain encodes every waiting report at once, in order', () => {
    const first = largeReport('a', T0, 30, 5);
    const second = largeReport('b', T0, 30, 5);
    const { encoding: e, seen } = encoding(encode);
    e.add(first);
    e.add(second);
    e.drain();
    assert.deepEqual(
      seen.encoded.map((x) => x.items),
      [defaultSchemaLines(first), defaultSchemaLines(second)],
    );
    assert.equal(e.waiting, 0);
  });

  test('an encoder that throws on a part skips that whole report, not the next', async () => {
    const bad = largeReport('bad', T0, 30, 5);
    const good = largeReport('good', T0, 30, 5);
    const failing: PartEncoder = (r, part, target) => {
      if (r === bad && part.from > 10) throw new Error('a bug in the encoder');
      writeDefaultSchemaPoints(r, part, target);
    };
    const { encoding: e, seen } = encoding(failing);
    e.add(bad);
    e.add(good);
    while (seen.encoded.length + seen.failed.length < 2) await nextTurn();
    assert.equal(seen.failed.length, 1);
    assert.equal(seen.failed[0]!.report, bad);
    assert.match(String(seen.failed[0]!.error), /a bug in the encoder/);
    assert.deepEqual(
      seen.encoded.map((x) => x.report),
      [good],
      'none of the failed report was handed on',
    );
  });
});

/** A sink that takes a whole large report in memory and sends it in one request. */
function partsSink(transport: FakeTransport, encode: PartEncoder): DeliverySink {
  return new DeliverySink({
    name: 'parts',
    config: {
      batch: { maxItems: 100_000, maxBytes: 100_000_000, flushIntervalMs: 60_000 },
      retry: { initialDelayMs: 5, maxDelayMs: 20, maxRetryTimeMs: 60_000 },
      queue: { maxItems: 1_000_000 },
      spool: { dir: undefined, maxBytes: 1_000_000, flushIntervalMs: 60_000 },
    },
    logger: captureLogger().logger,
    transport,
    encode,
  });
}

describe('DeliverySink with a large report', () => {
  test('write returns before encoding; flush encodes what waits and delivers all of it', async () => {
    const transport = new FakeTransport();
    const sink = partsSink(transport, writeDefaultSchemaPoints);
    const report = largeReport('parts', T0, 400, 10); // 4,000 group-partitions
    sink.write(report);
    assert.equal(sink.encodingWaiting, 1, 'the report waits to be encoded');
    assert.equal(sink.health().queued, 0);
    const outcome = await sink.flush(5_000);
    assert.deepEqual(outcome, { kind: 'ok' });
    assert.equal(sink.encodingWaiting, 0);
    assert.deepEqual(transport.stored, defaultSchemaLines(report));
    await sink.close(1_000);
  });

  test('a report whose encoder throws after some parts is not delivered at all; the next one is', async () => {
    const transport = new FakeTransport();
    const bad = largeReport('bad', T0, 400, 10);
    const good = largeReport('good', T0, 400, 10);
    const sink = partsSink(transport, (r, part, target) => {
      if (r === bad && part.from >= 200) throw new Error('a bug in the encoder');
      writeDefaultSchemaPoints(r, part, target);
    });
    sink.write(bad);
    sink.write(good);
    assert.deepEqual(await sink.flush(5_000), { kind: 'ok' });
    assert.deepEqual(transport.stored, defaultSchemaLines(good));
    assert.equal(sink.health().queued, 0);
    await sink.close(1_000);
  });
});
