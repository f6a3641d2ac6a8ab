// The sinks' fast encoders (bytes written into one buffer: item-writer.ts) against a
// straightforward reference encoding of the same report: every point through LineBuilder,
// every document through JSON.stringify of what reportDocuments makes and its id through a
// sha256 Hash object. Byte for byte, in the same order, over generated reports whose names
// and numbers are awkward: spaces, commas, equals signs, quotes, backslashes (trailing
// ones too), controls, newlines, unicode, lone surrogates, empty strings, nulls, offsets up
// to 2^53 and beyond, negative and fractional numbers, NaN.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reportBulkItems } from '../../../sinks/elasticsearch/bulk-item.js';
import { reportDocuments } from '../../../sinks/elasticsearch/documents.js';
import { targetIndex } from '../../../sinks/elasticsearch/index-mode.js';
import { LineBuilder } from '../../../sinks/influxdb/line-protocol.js';
import {
  clusterLine,
  DEFAULT_MEASUREMENTS,
  defaultSchemaLines,
} from '../../../sinks/influxdb/schema-default.js';
import {
  burrowGroupLine,
  burrowPartitionLine,
  telegrafBurrowLines,
} from '../../../sinks/influxdb/schema-telegraf-burrow.js';
import { offsetsLookup, seconds } from '../../../sinks/report-facts.js';
import type {
  EvaluationReport,
  GroupStatus,
  PartitionSample,
  PartitionStatus,
  TopicPartitionOffsets,
} from '../../../src/contract/report.js';
import { statusNumber } from '../../../src/contract/statuses.js';
import type { ReasonCode } from '../../../src/contract/reasons.js';
import { largeReport, variedReport } from '../../helpers/reports.js';
import { referenceDocumentId } from '../../helpers/reference-document-id.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const at = Date.UTC(2026, 10, 30, 9, 0, 0);

const PIECES = [
  'a',
  'topic',
  'billing-1',
  ' ',
  ',',
  '=',
  '"',
  '\\',
  '\\\\',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  'ü',
  'é',
  '日本',
  '😀',
  '\u2028',
  '\ud800',
  '\udc00',
  '',
] as const;

const NUMBERS = [
  0,
  -0,
  1,
  7,
  -5,
  -1_000_000,
  1.5,
  -0.25,
  999_999_999,
  1_000_000_000,
  2 ** 31,
  2 ** 32 + 7,
  1_795_000_000_000,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  2 ** 53,
  2 ** 60,
  1e21,
  1e-7,
  NaN,
  Infinity,
] as const;

function generator(seed: number) {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const name = (): string => {
    // Mostly plain names (the fast path), some awkward ones.
    if (rnd() < 0.5) return `name-${Math.floor(rnd() * 1000)}`;
    let text = '';
    const n = Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) text += pick(PIECES);
    return text;
  };
  const num = (): number =>
    rnd() < 0.5 ? Math.floor(rnd() * 10 ** Math.floor(rnd() * 16)) : pick(NUMBERS);
  const maybe = <T>(value: () => T): T | null => (rnd() < 0.3 ? null : value());
  return { rnd, pick, name, num, maybe };
}

type Gen = ReturnType<typeof generator>;

function awkwardSample(g: Gen, s: PartitionSample | null): PartitionSample | null {
  if (s === null || g.rnd() < 0.2) return g.rnd() < 0.5 ? null : s;
  return { offset: g.num(), timestamp: g.num(), lag: g.maybe(() => g.num()) };
}

/**
 * A partition status with awkward values. It mostly keeps the evaluator's reason, words it
 * awkwardly, and passes its detail through (a getter, as the evaluator's is).
 */
function awkwardPartition(g: Gen, p: PartitionStatus): PartitionStatus {
  const text = `${p.reasonText}${g.name()}`;
  const detail =
    g.rnd() < 0.2 ? { ...p.reasonDetail, extra: g.name(), nothing: null } : p.reasonDetail;
  const out: Omit<PartitionStatus, 'reasonText' | 'reasonDetail'> = {
    topic: g.name(),
    partition: g.rnd() < 0.8 ? Math.floor(g.rnd() * 50) : g.num(),
    owner: g.name(),
    clientId: g.name(),
    status: p.status,
    start: awkwardSample(g, p.start),
    end: awkwardSample(g, p.end),
    currentLag: g.num(),
    complete: g.pick([1, 0, 0.2, 0.6, 1 / 3]),
    timeLagMs: g.maybe(() => g.num()),
    catchUpMs: g.maybe(() => g.num()),
    messagesLost: g.maybe(() => g.num()),
    // Now and then a reason no evaluator gives: the encoders keep each reason's bytes
    // (ValueFragments), and must write one with quotes, unicode or a lone surrogate as
    // they write any other text.
    reason: g.rnd() < 0.1 ? (g.name() as ReasonCode) : p.reason,
  };
  return Object.defineProperties(out, {
    reasonText: { get: () => text, enumerable: true },
    reasonDetail: { get: () => detail },
  }) as PartitionStatus;
}

function awkwardReport(seed: number, groups: number, partitions: number): EvaluationReport {
  const g = generator(seed);
  const cluster = g.rnd() < 0.5 ? 'prod' : g.name();
  const base = largeReport(cluster, at, groups, partitions);
  const statuses: GroupStatus[] = base.groups.map((group) => {
    const parts = group.partitions.map((p) => awkwardPartition(g, p));
    return {
      ...group,
      group: g.name(),
      partitions: parts,
      maxlag: parts.length === 0 || g.rnd() < 0.1 ? null : g.pick(parts),
      totallag: g.num(),
      state: g.maybe(() => g.name()),
      members: g.maybe(() => g.num()),
      type: g.pick(['classic', 'consumer', 'other', null] as const),
      complete: g.pick([1, 0, 0.5]),
    };
  });
  // Offsets for most partitions of the report (some looked up, some missing, some null).
  const offsets: TopicPartitionOffsets[] = [];
  for (const s of statuses) {
    for (const p of s.partitions) {
      if (g.rnd() < 0.2) continue;
      offsets.push({
        topic: p.topic,
        partition: p.partition,
        logEndOffset: g.maybe(() => g.num()),
        logStartOffset: g.maybe(() => g.num()),
      });
    }
  }
  return {
    ...base,
    cluster,
    groups: statuses,
    offsets,
    maxLag: g.num(),
    durationMs: g.num(),
  };
}

/** Every point through LineBuilder: the plain way, one builder per point. */
function referenceLines(report: EvaluationReport): string[] {
  const offsets = offsetsLookup(report);
  const at = report.takenAt;
  const out: string[] = [];
  const push = (line: string | null): void => {
    if (line !== null) out.push(line);
  };
  for (const group of report.groups) {
    const max = group.maxlag;
    push(
      new LineBuilder(DEFAULT_MEASUREMENTS.group)
        .tag('cluster', group.cluster)
        .tag('group', group.group)
        .tag('group_type', group.type)
        .string('status', group.status)
        .int('status_code', statusNumber[group.status])
        .int('total_lag', group.totallag)
        .int('max_lag', max?.currentLag ?? 0)
        .float('max_lag_seconds', seconds(max?.timeLagMs))
        .string('max_lag_topic', max?.topic)
        .int('max_lag_partition', max?.partition)
        .int('partition_count', group.partitionCount)
        .float('complete', group.complete)
        .int('members', group.members)
        .string('state', group.state)
        .line(at),
    );
    for (const p of group.partitions) {
      push(
        new LineBuilder(DEFAULT_MEASUREMENTS.partition)
          .tag('cluster', group.cluster)
          .tag('group', group.group)
          .tag('partition', String(p.partition))
          .tag('topic', p.topic)
          .string('status', p.status)
          .int('status_code', statusNumber[p.status])
          .int('lag', p.currentLag)
          .float('lag_seconds', seconds(p.timeLagMs))
          .float('catch_up_seconds', seconds(p.catchUpMs))
          .int('committed_offset', p.end?.offset)
          .int('log_end_offset', offsets(p.topic, p.partition)?.logEndOffset)
          .int('messages_lost', p.messagesLost)
          .float('complete', p.complete)
          .string('owner', p.owner)
          .string('client_id', p.clientId)
          .string('reason', p.reason)
          .string('reason_text', p.reasonText)
          .line(at),
      );
    }
  }
  for (const o of report.offsets) {
    push(
      new LineBuilder(DEFAULT_MEASUREMENTS.topicPartition)
        .tag('cluster', report.cluster)
        .tag('partition', String(o.partition))
        .tag('topic', o.topic)
        .int('log_end_offset', o.logEndOffset)
        .int('log_start_offset', o.logStartOffset)
        .line(at),
    );
  }
  push(clusterLine(report));
  return out;
}

/**
 * The telegraf-burrow schema the way it was encoded before the LineWriter: its point
 * functions (LineBuilder) for groups and partitions, LineBuilder for burrow_topic.
 */
function referenceBurrowLines(report: EvaluationReport): string[] {
  const at = report.takenAt;
  const out: string[] = [];
  const push = (line: string | null): void => {
    if (line !== null) out.push(line);
  };
  for (const group of report.groups) {
    if (group.status === 'NOTFOUND') continue;
    push(burrowGroupLine(group, at));
    for (const p of group.partitions) push(burrowPartitionLine(group, p, at));
  }
  for (const o of report.offsets) {
    if (o.logEndOffset === null) continue;
    push(
      new LineBuilder('burrow_topic')
        .tag('cluster', report.cluster)
        .tag('partition', String(o.partition))
        .tag('topic', o.topic)
        .int('offset', o.logEndOffset)
        .line(at),
    );
  }
  push(clusterLine(report));
  return out;
}

/** Every document through JSON.stringify, every id through a sha256 Hash object. */
function referenceItems(report: EvaluationReport, prefix: string): string[] {
  const index = targetIndex('daily', prefix, report.takenAt);
  return reportDocuments(report).map(({ key, doc }) => {
    const id = referenceDocumentId(key);
    return `${index} ${id} ${JSON.stringify(doc)}`;
  });
}

const cases: [string, EvaluationReport][] = [
  ['varied', variedReport('prod "eu"', at)],
  ['varied, awkward group names', variedReport('c,=\\', at, 3, 'x\\ "y"\n')],
  ['large and plain (many chunks, all ASCII)', largeReport('bench', at, 60, 25)],
  ['large with unicode names', largeReport('a', at, 40, 10, 'grüppe "q"\n')],
];
for (let seed = 1; seed <= 12; seed++) {
  cases.push([`generated, seed ${seed}`, awkwardReport(seed, 8 + seed * 3, 1 + (seed % 7))]);
}

describe('line protocol (default schema): the fast encoder against LineBuilder', () => {
  for (const [name, report] of cases) {
    test(`${name}: the same lines`, () => {
      const reference = referenceLines(report);
      assert.ok(reference.length > 2);
      assert.deepEqual(defaultSchemaLines(report), reference);
    });
  }

  test('the writer is reused: a second report, then the first again, give the same lines', () => {
    const [, first] = cases[4]!;
    const [, second] = cases[5]!;
    const once = defaultSchemaLines(first);
    assert.deepEqual(defaultSchemaLines(second), referenceLines(second));
    assert.deepEqual(defaultSchemaLines(first), once);
  });
});

describe('line protocol (telegraf-burrow schema): the fast encoder against LineBuilder', () => {
  for (const [name, report] of cases) {
    test(`${name}: the same lines`, () => {
      const reference = referenceBurrowLines(report);
      assert.ok(reference.length > 2);
      assert.deepEqual(telegrafBurrowLines(report), reference);
    });
  }

  test('a NOTFOUND group has no burrow point; the others do', () => {
    const [, report] = cases[0]!;
    const unknown = report.groups.filter((g) => g.status === 'NOTFOUND');
    assert.ok(unknown.length > 0 && unknown.length < report.groups.length);
    const lines = telegrafBurrowLines(report);
    for (const g of report.groups) {
      const has = lines.includes(burrowGroupLine(g, report.takenAt)!);
      assert.equal(has, g.status !== 'NOTFOUND', g.group);
    }
  });
});

describe('bulk items: the fast encoder against JSON.stringify and a Hash object', () => {
  for (const [name, report] of cases) {
    test(`${name}: the same items`, () => {
      const reference = referenceItems(report, 'lw');
      assert.ok(reference.length > 2);
      assert.deepEqual(reportBulkItems(report, 'daily', 'lw'), reference);
    });
  }

  test('an index name the writer cannot copy as bytes takes the plain way, the same items', () => {
    const [, report] = cases[6]!;
    assert.deepEqual(reportBulkItems(report, 'daily', 'lw ü'), referenceItems(report, 'lw ü'));
  });
});
