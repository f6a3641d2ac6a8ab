import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { StdoutSink } from '../../../sinks/stdout/stdout-sink.js';
import { variedReport } from '../../helpers/reports.js';

describe('StdoutSink', () => {
  test('one JSON line per report, with the reasons a person reads', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const sink = new StdoutSink({ out });
    const report = variedReport('a', Date.UTC(2026, 10, 26, 9));
    sink.write(report);
    sink.write(report);
    assert.deepEqual(await sink.flush(100), { kind: 'ok' });
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    const parsed = JSON.parse(lines[0]!) as {
      cluster: string;
      groups: { partitions: { reasonText: string }[] }[];
    };
    assert.equal(parsed.cluster, 'a');
    assert.match(parsed.groups[0]?.partitions[0]?.reasonText ?? '', /^OK: /);
    assert.equal(sink.health().delivered, 2);
  });

  test('a reader too slow to keep up: reports beyond the buffer bound are dropped and counted', () => {
    const stuck = new Writable({ highWaterMark: 16, write: () => undefined });
    const sink = new StdoutSink({ out: stuck, maxBufferedBytes: 100 });
    const report = variedReport('a', 0);
    sink.write(report);
    sink.write(report);
    sink.write(report);
    const health = sink.health();
    assert.equal(health.delivered, 1);
    assert.equal(health.dropped, 2);
    assert.equal(health.healthy, false);
  });

  test('after close, reports are dropped', async () => {
    const sink = new StdoutSink({ out: new PassThrough() });
    await sink.close(10);
    sink.write(variedReport('a', 0));
    assert.equal(sink.health().dropped, 1);
  });
});
