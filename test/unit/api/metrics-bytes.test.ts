// The byte writer behind /metrics' read-model series: the same value text as prom-client's
// (`${value}`, Nan, ±Inf; milliseconds as the text of ms / 1000), the three label parts copied
// as they are (UTF-8 too), and lines that cross its chunks arriving whole and in order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MetricsBytes, writeMsAsSeconds } from '../../../src/api/metrics-bytes.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

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
    const { text } = await written((out) => {
      for (const v of values) out.line(name, bytes('{a="1"'), bytes(''), bytes('}'), v);
    });
    const expected = values.map(
      (v) =>
        `m{a="1"} ${Number.isNaN(v) ? 'Nan' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : `${v}`}\n`,
    );
    assert.equal(text, expected.join(''));
  });

  test('milliseconds as the text of ms / 1000, whatever their size or sign', () => {
    const edges = [0, -0, 1, 5, 10, 15, 100, 105, 120, 999, 1000, 1001, 1010, 1100, 1500, -1];
    edges.push(-999, -1500, 19_428, 86_400_000, 1e15 - 1, -(1e15 - 1), 1e15, 1e15 + 1);
    edges.push(2 ** 53 - 1, 2 ** 53 + 2, 1e21, 1e25, 0.5, 1234.5678, NaN, Infinity, -Infinity);
    // Random integers of every size up to 1e15, where the digits are put in without a string.
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2;
    for (let i = 0; i < 20_000; i++)
      edges.push(Math.floor(random() ** (i % 50) * 10 ** (i % 16)) * (i % 7 === 0 ? -1 : 1));
    const chunk = Buffer.alloc(64);
    for (const ms of edges) {
      const end = writeMsAsSeconds(chunk, 3, ms);
      const s = ms / 1000;
      const expected = Number.isNaN(s)
        ? 'Nan'
        : Math.abs(s) === Infinity
          ? s < 0
            ? '-Inf'
            : '+Inf'
          : `${s}`;
      assert.equal(chunk.toString('latin1', 3, end), expected, `${ms} ms`);
    }
  });

  test('the three label parts, UTF-8 included, after text as it is', async () => {
    const { text } = await written((out) => {
      out.text('# TYPE m gauge\n');
      out.line(Buffer.from('m'), bytes('{g="zürich/é"'), bytes(',t="ü"'), bytes(',p="1"}'), 3);
      out.lineMsAsSeconds(Buffer.from('s'), bytes('{g="a"'), bytes(''), bytes('}'), 1250);
    });
    assert.equal(text, '# TYPE m gauge\nm{g="zürich/é",t="ü",p="1"} 3\ns{g="a"} 1.25\n');
  });

  test('lines crossing chunks arrive whole and in order', async () => {
    const name = Buffer.from('burrow_kafka_consumer_partition_lag');
    const open = bytes('{cluster="a",consumer_group="g"');
    const topic = bytes(',topic="t"');
    const close = bytes(',partition="0"}');
    const labels = '{cluster="a",consumer_group="g",topic="t",partition="0"}';
    const { text, chunks } = await written((out) => {
      for (let i = 0; i < 20_000; i++) out.line(name, open, topic, close, i);
    });
    assert.ok(chunks > 1, `${chunks} chunks`);
    const lines = text.split('\n');
    assert.equal(lines.length, 20_001);
    lines.slice(0, -1).forEach((line, i) => assert.equal(line, `${name.toString()}${labels} ${i}`));
  });

  test("a line repeating the last line's name and opening part (copied from the chunk) reads as written", async () => {
    const names = [Buffer.from('burrow_kafka_consumer_partition_lag'), Buffer.from('m')];
    const opens = [0, 1, 2].map((g) => bytes(`{cluster="a",consumer_group="g${g}é"`));
    // The same text as opens[0] in an array of its own: written by content, not by identity.
    opens.push(bytes('{cluster="a",consumer_group="g0é"'));
    const topics = [bytes(',topic="t"'), bytes(',topic="ü"')];
    const closes = [0, 1, 2, 3, 4].map((n) => bytes(`,partition="${n}"}`));
    const text = (b: Uint8Array): string => Buffer.from(b).toString();
    const expected: string[] = [];
    const chunks: Buffer[] = [];
    const out = new MetricsBytes({
      write: (chunk) => {
        chunks.push(Buffer.from(chunk));
        return Promise.resolve();
      },
    });
    let seed = 7;
    const pick = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 40_000; i++) {
      // Runs of lines of one name and opening part, as a group's partitions are written.
      const name = names[Math.floor(i / 5000) % 2]!;
      const open = opens[Math.floor(i / 7) % opens.length]!;
      const topic = topics[pick(2)]!;
      const close = closes[pick(5)]!;
      if (i % 9_999 === 0) {
        out.text('# a line between\n');
        expected.push('# a line between\n');
      }
      if (i === 25_000) await out.flush();
      if (i % 3 === 0) {
        out.lineMsAsSeconds(name, open, topic, close, i);
        expected.push(`${text(name)}${text(open)}${text(topic)}${text(close)} ${i / 1000}\n`);
      } else {
        out.line(name, open, topic, close, i);
        expected.push(`${text(name)}${text(open)}${text(topic)}${text(close)} ${i}\n`);
      }
    }
    await out.flush();
    assert.ok(chunks.length > 3, `${chunks.length} chunks`);
    // Line by line: a failure names the first wrong line, not a diff of 2 MB.
    const lines = Buffer.concat(chunks).toString().split('\n');
    const wanted = expected.join('').split('\n');
    assert.equal(lines.length, wanted.length);
    for (let i = 0; i < lines.length; i++) assert.equal(lines[i], wanted[i], `line ${i}`);
  });
});
