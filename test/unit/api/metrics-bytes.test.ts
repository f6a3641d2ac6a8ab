// The byte writer behind /metrics' read-model series: the same value text as prom-client's
// (`${value}`, Nan, ±Inf), label ranges copied as they are (UTF-8 too), and lines that
// cross its chunks arriving whole and in order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MetricsBytes } from '../../../src/api/metrics-bytes.js';

async function written(
  write: (out: MetricsBytes) => void,
): Promise<{ text: string; chunks: number }> {
  const chunks: Buffer[] = [];
  const out = new MetricsBytes({
    write: (chunk) => {
      chunks.push(Buffer.from(chunk));
      return Promise.resolve();
    },
  });
  write(out);
  await out.flush();
  return { text: Buffer.concat(chunks).toString(), chunks: chunks.length };
}

describe('MetricsBytes', () => {
  test('values as prom-client writes them', async () => {
    const values = [
      0,
      -0,
      7,
      -5,
      1_000_000_007,
      2 ** 53 - 1,
      2 ** 53 + 2,
      0.015,
      -1.5,
      1e21,
      NaN,
      Infinity,
      -Infinity,
    ];
    const name = Buffer.from('m');
    const labels = Buffer.from('{a="1"}');
    const { text } = await written((out) => {
      for (const v of values) out.line(name, labels, 0, labels.length, v);
    });
    const expected = values.map(
      (v) =>
        `m{a="1"} ${Number.isNaN(v) ? 'Nan' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : `${v}`}\n`,
    );
    assert.equal(text, expected.join(''));
  });

  test('a range of the label bytes, UTF-8 included, after text as it is', async () => {
    const labels = Buffer.from('{g="a"}{g="zürich/é"}');
    const { text } = await written((out) => {
      out.text('# TYPE m gauge\n');
      out.line(Buffer.from('m'), labels, 7, labels.length, 3);
    });
    assert.equal(text, '# TYPE m gauge\nm{g="zürich/é"} 3\n');
  });

  test('lines crossing chunks arrive whole and in order', async () => {
    const name = Buffer.from('burrow_kafka_consumer_partition_lag');
    const labels = Buffer.from('{cluster="a",consumer_group="g",topic="t",partition="0"}');
    const { text, chunks } = await written((out) => {
      for (let i = 0; i < 20_000; i++) out.line(name, labels, 0, labels.length, i);
    });
    assert.ok(chunks > 1, `${chunks} chunks`);
    const lines = text.split('\n');
    assert.equal(lines.length, 20_001);
    lines
      .slice(0, -1)
      .forEach((line, i) => assert.equal(line, `${name.toString()}${labels.toString()} ${i}`));
  });
});
