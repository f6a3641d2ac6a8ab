// Durations and sizes as people write them, and as the config stores them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseByteSize, parseDuration } from '../../../src/config/index.js';
import { issueAt, issuesOf, minimalYaml, parse } from './helpers.js';

describe('parseDuration', () => {
  const cases: [number | string, number | undefined][] = [
    [0, 0],
    [250, 250],
    ['250', 250],
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    [' 10s ', 10_000],
    [-1, undefined],
    [1.5, undefined],
    [Number.NaN, undefined],
    ['', undefined],
    ['s', undefined],
    ['10', 10],
    ['-10s', undefined],
    ['10 s', undefined],
    ['10S', undefined],
    ['10y', undefined],
    ['1h 30m', undefined],
    ['7 days', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${String(expected)}`, () => {
      assert.equal(parseDuration(input), expected);
    });
  }
});

describe('parseByteSize', () => {
  const cases: [number | string, number | undefined][] = [
    [0, 0],
    [4096, 4096],
    ['4096', 4096],
    ['100B', 100],
    ['1KB', 1_000],
    ['1kb', 1_000],
    ['1KiB', 1_024],
    ['1.5MB', 1_500_000],
    ['100 MB', 100_000_000],
    ['1MiB', 1_048_576],
    ['2GiB', 2_147_483_648],
    ['1TB', undefined],
    ['MB', undefined],
    [-1, undefined],
    ['1.5', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${String(expected)}`, () => {
      assert.equal(parseByteSize(input), expected);
    });
  }
});

describe('durations and sizes in the config', () => {
  it('are normalised to ms and bytes', () => {
    const config = parse(
      minimalYaml +
        '    requestTimeoutMs: 15s\n' +
        'tickTimeoutMs: 1m\nwindow: {expireGroupAfter: 36h}\napi: {requestTimeoutMs: 2500}\n' +
        'sinks:\n  - type: influxdb\n    url: "http://i:8086"\n    org: o\n    bucket: b\n    tokenEnv: T\n' +
        '    spool: {maxBytes: 1GiB}\n    batch: {flushIntervalMs: 250ms}\n',
    );
    assert.equal(config.clusters[0]?.requestTimeoutMs, 15_000);
    assert.equal(config.tickTimeoutMs, 60_000);
    assert.equal(config.window.expireGroupAfterMs, 36 * 3_600_000);
    assert.equal(config.api.requestTimeoutMs, 2500);
    const sink = config.sinks[0];
    assert.equal(sink?.type, 'influxdb');
    assert.equal(sink.spool.maxBytes, 1024 ** 3);
    assert.equal(sink.batch.flushIntervalMs, 250);
  });

  it('expireGroupAfterMs (the normalised key) is accepted back', () => {
    assert.equal(
      parse(minimalYaml + 'window: {expireGroupAfterMs: 5000}\n').window.expireGroupAfterMs,
      5000,
    );
  });

  it('must be positive where a zero would make no sense', () => {
    const { issues } = issuesOf(minimalYaml + 'tickTimeoutMs: 0s\nwindow: {expireGroupAfter: 0}\n');
    assert.equal(issueAt(issues, 'tickTimeoutMs').found, '"0s"');
    assert.equal(issueAt(issues, 'window.expireGroupAfter').found, '0');
  });
});
