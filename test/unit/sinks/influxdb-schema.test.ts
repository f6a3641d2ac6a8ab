import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EvaluationReport, PartitionStatus } from '../../../src/contract/report.js';
import { defaultSchemaLines } from '../../../sinks/influxdb/schema-default.js';
import {
  telegrafBurrowLines,
  telegrafStatusCode,
} from '../../../sinks/influxdb/schema-telegraf-burrow.js';
import { buildReport, variedReport } from '../../helpers/reports.js';

const at = Date.UTC(2026, 10, 26, 9, 0, 0);

const small = buildReport('prod eu', at, [
  {
    group: 'billing',
    type: 'consumer',
    partitions: [
      {
        topic: 'orders',
        partition: 0,
        committed: [100, 110, 120],
        logEnd: 120,
        owner: '/10.0.0.1',
        clientId: 'c-1',
        timeLagMs: 0,
        catchUpMs: 0,
      },
      {
        topic: 'orders',
        partition: 1,
        committed: [50, 60, 70],
        logEnd: 75,
        logStart: 20,
        owner: '',
        clientId: '',
        timeLagMs: 1500,
        messagesLost: 3,
      },
    ],
  },
  { group: 'gone' },
]);

/** The field set of a line: after the first space that is neither escaped nor quoted. */
function fieldPart(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ' ' && !quoted) return line.slice(i + 1, line.lastIndexOf(' '));
  }
  throw new Error(`no fields in ${line}`);
}

/** Field name -> raw value text, from one line. */
function fields(line: string): Record<string, string> {
  const part = fieldPart(line);
  const out: Record<string, string> = {};
  for (const m of part.matchAll(/([a-z_]+)=("(?:[^"\\]|\\.)*"|[^,]+)/g)) out[m[1]!] = m[2]!;
  return out;
}

describe('default InfluxDB schema', () => {
  test('a group point: tags cluster, group and group_type; status a field; integers as integers', () => {
    const lines = defaultSchemaLines(small);
    assert.equal(
      lines[0],
      'lagwatch_group,cluster=prod\\ eu,group=billing,group_type=consumer status="OK",status_code=1i,total_lag=5i,' +
        'max_lag=5i,max_lag_seconds=1.5,max_lag_topic="orders",max_lag_partition=1i,' +
        `partition_count=2i,complete=0,members=1i,state="Stable" ${at}`,
    );
  });

  test('a partition point: tags cluster, group, partition, topic; the rest fields', () => {
    const lines = defaultSchemaLines(small);
    assert.equal(
      lines[2],
      'lagwatch_partition,cluster=prod\\ eu,group=billing,partition=1,topic=orders status="OK",' +
        'status_code=1i,lag=5i,lag_seconds=1.5,committed_offset=70i,log_end_offset=75i,' +
        'messages_lost=3i,complete=0.6,owner="",client_id="",reason="LAG_DECREASING",' +
        `reason_text="OK: offset moving and lag fell from 25 to 15 at sample 2 of 3" ${at}`,
    );
  });

  test('committed_offset from a status without endOffset (made elsewhere) is its end sample', () => {
    const group = small.groups[0]!;
    const judged = group.partitions[1]!;
    // A plain copy: the getters (endOffset among them) are not own properties, so they
    // are named one by one, and endOffset is left out as a status made by hand may.
    const plain: PartitionStatus = {
      topic: judged.topic,
      partition: judged.partition,
      owner: judged.owner,
      clientId: judged.clientId,
      status: judged.status,
      start: judged.start,
      end: judged.end,
      currentLag: judged.currentLag,
      complete: judged.complete,
      timeLagMs: judged.timeLagMs,
      catchUpMs: judged.catchUpMs,
      messagesLost: judged.messagesLost,
      reason: judged.reason,
      reasonText: judged.reasonText,
      reasonDetail: judged.reasonDetail,
    };
    assert.equal(plain.endOffset, undefined);
    const report = { ...small, groups: [{ ...group, partitions: [plain], maxlag: plain }] };
    const line = defaultSchemaLines(report).find((l) => l.startsWith('lagwatch_partition'))!;
    assert.equal(fields(line).committed_offset, `${judged.end!.offset}i`);
    assert.equal(line, defaultSchemaLines(small)[2]);
  });

  test('a NOTFOUND group has a point with status code 0 and no partition points', () => {
    const lines = defaultSchemaLines(small).filter((l) => l.includes('group=gone'));
    assert.deepEqual(lines, [
      `lagwatch_group,cluster=prod\\ eu,group=gone status="NOTFOUND",status_code=0i,total_lag=0i,max_lag=0i,partition_count=0i,complete=1 ${at}`,
    ]);
  });

  test('topic-partition points carry log-end and log-start offsets', () => {
    const lines = defaultSchemaLines(small).filter((l) => l.startsWith('lagwatch_topic_partition'));
    assert.deepEqual(lines, [
      `lagwatch_topic_partition,cluster=prod\\ eu,partition=0,topic=orders log_end_offset=120i,log_start_offset=0i ${at}`,
      `lagwatch_topic_partition,cluster=prod\\ eu,partition=1,topic=orders log_end_offset=75i,log_start_offset=20i ${at}`,
    ]);
  });

  test("a cluster point closes every report: lagwatch's own health for the tick", () => {
    const lines = defaultSchemaLines(small);
    assert.equal(
      lines.at(-1),
      'lagwatch_cluster,cluster=prod\\ eu available=1i,tick_duration_ms=12i,groups=2i,' +
        `partitions=2i,max_lag=5i ${at}`,
    );
    assert.equal(lines.filter((l) => l.startsWith('lagwatch_cluster')).length, 1);
  });

  test('a cluster that could not be sampled writes its cluster point only, with the fault', () => {
    const down: EvaluationReport = {
      cluster: 'b',
      takenAt: at,
      durationMs: 10_000.7,
      available: false,
      fault: { code: 'CLUSTER_UNAVAILABLE', message: 'connect ECONNREFUSED' },
      groups: [],
      offsets: [],
      maxLag: 0,
    };
    assert.deepEqual(defaultSchemaLines(down), [
      'lagwatch_cluster,cluster=b available=0i,tick_duration_ms=10000i,groups=0i,partitions=0i,' +
        `max_lag=0i,fault_code="CLUSTER_UNAVAILABLE" ${at}`,
    ]);
  });

  test('each field keeps one type across every point (InfluxDB refuses a change of type)', () => {
    const types = new Map<string, string>();
    for (let tick = 0; tick < 3; tick++) {
      for (const line of defaultSchemaLines(variedReport('a', at + tick * 30_000, tick))) {
        const measurement = line.slice(0, line.search(/[, ]/));
        for (const [name, raw] of Object.entries(fields(line))) {
          const type = raw.startsWith('"') ? 'string' : raw.endsWith('i') ? 'integer' : 'float';
          const key = `${measurement}.${name}`;
          assert.equal(types.get(key) ?? type, type, key);
          types.set(key, type);
        }
      }
    }
    assert.equal(types.get('lagwatch_group.complete'), 'float');
    assert.equal(types.get('lagwatch_partition.lag'), 'integer');
    assert.equal(types.get('lagwatch_cluster.available'), 'integer');
  });

  test('every point is one line, whatever the names hold', () => {
    const report = buildReport('a', at, [
      {
        group: 'multi\nline\tgroup',
        partitions: [
          { topic: 't', partition: 0, committed: [1, 2], owner: 'h\r\n', clientId: 'x\ny' },
        ],
      },
    ]);
    for (const line of defaultSchemaLines(report)) assert.equal(line.includes('\n'), false, line);
  });
});

describe('telegraf-burrow InfluxDB schema', () => {
  test("Telegraf's status-code mapping, NOTFOUND and REWIND included (both 0, as Telegraf writes)", () => {
    assert.deepEqual(
      ['OK', 'NOT_FOUND', 'WARN', 'ERR', 'STOP', 'STALL', 'NOTFOUND', 'REWIND'].map(
        telegrafStatusCode,
      ),
      [1, 2, 3, 4, 5, 6, 0, 0],
    );
  });

  test('burrow_group: status, status_code, partition_count, total_lag, lag, offset, timestamp', () => {
    const [group] = telegrafBurrowLines(small);
    assert.equal(
      group,
      'burrow_group,cluster=prod\\ eu,group=billing status="OK",status_code=1i,partition_count=2i,' +
        `total_lag=5i,lag=5i,offset=190i,timestamp=${at}i ${at}`,
    );
  });

  test('burrow_partition: tags with owner (left out when empty); offset and timestamp of the last commit', () => {
    const lines = telegrafBurrowLines(small).filter((l) => l.startsWith('burrow_partition'));
    assert.deepEqual(lines, [
      `burrow_partition,cluster=prod\\ eu,group=billing,owner=/10.0.0.1,partition=0,topic=orders status="OK",status_code=1i,lag=0i,offset=120i,timestamp=${at}i ${at}`,
      `burrow_partition,cluster=prod\\ eu,group=billing,partition=1,topic=orders status="OK",status_code=1i,lag=5i,offset=70i,timestamp=${at}i ${at}`,
    ]);
  });

  test('burrow_topic: the log-end offset of each partition', () => {
    const lines = telegrafBurrowLines(small).filter((l) => l.startsWith('burrow_topic'));
    assert.deepEqual(lines, [
      `burrow_topic,cluster=prod\\ eu,partition=0,topic=orders offset=120i ${at}`,
      `burrow_topic,cluster=prod\\ eu,partition=1,topic=orders offset=75i ${at}`,
    ]);
  });

  test('a group Burrow would not know (NOTFOUND) gets no point, as from Telegraf', () => {
    assert.equal(telegrafBurrowLines(small).filter((l) => l.includes('group=gone')).length, 0);
  });

  test("lagwatch's own cluster point closes every report, as in the default schema", () => {
    const lines = telegrafBurrowLines(small);
    assert.equal(lines.at(-1), defaultSchemaLines(small).at(-1));
    assert.equal(lines.filter((l) => l.startsWith('lagwatch_cluster')).length, 1);
  });

  test('an unreachable cluster writes its cluster point with the fault, and nothing else', () => {
    const down: EvaluationReport = {
      cluster: 'b',
      takenAt: at,
      durationMs: 10_000,
      available: false,
      fault: { code: 'CLUSTER_UNAVAILABLE', message: 'connect ECONNREFUSED' },
      groups: [],
      offsets: [],
      maxLag: 0,
    };
    assert.deepEqual(telegrafBurrowLines(down), [
      'lagwatch_cluster,cluster=b available=0i,tick_duration_ms=10000i,groups=0i,partitions=0i,' +
        `max_lag=0i,fault_code="CLUSTER_UNAVAILABLE" ${at}`,
    ]);
  });

  test("every burrow_* field is an integer except status, as Telegraf's", () => {
    const burrow = telegrafBurrowLines(variedReport('a', at)).filter((l) =>
      l.startsWith('burrow_'),
    );
    assert.ok(burrow.length > 0);
    for (const line of burrow) {
      for (const [name, raw] of Object.entries(fields(line))) {
        if (name === 'status') assert.match(raw, /^"/);
        else assert.match(raw, /^-?\d+i$/, `${name} in ${line}`);
      }
    }
  });
});
