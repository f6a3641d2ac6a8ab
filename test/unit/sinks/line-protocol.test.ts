import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  LineBuilder,
  escapeKey,
  escapeMeasurement,
  escapeTagValue,
  quoteString,
} from '../../../sinks/influxdb/line-protocol.js';

describe('line protocol escaping', () => {
  test('measurements escape commas and spaces, not equals signs', () => {
    assert.equal(escapeMeasurement('lag watch,x=1'), 'lag\\ watch\\,x=1');
  });

  test('tag keys, tag values and field keys escape commas, equals signs and spaces', () => {
    assert.equal(escapeKey('a b,c=d'), 'a\\ b\\,c\\=d');
    assert.equal(escapeTagValue('slow consumer, "q"=x'), 'slow\\ consumer\\,\\ "q"\\=x');
  });

  test('newlines, carriage returns and tabs become two characters, so a point is one line', () => {
    assert.equal(escapeKey('a\nb\rc\td'), 'a\\nb\\rc\\td');
    assert.equal(quoteString('x\ny'), '"x\\ny"');
    const line = new LineBuilder('m\n').tag('t', 'v\n').string('f\nk', 'a\nb').line(1);
    assert.equal(line?.includes('\n'), false);
  });

  test('string fields escape quotes and backslashes only', () => {
    assert.equal(quoteString('say "hi" \\ bye, a=b'), '"say \\"hi\\" \\\\ bye, a=b"');
  });

  test("a tag value's trailing backslashes are trimmed (they would escape the separator)", () => {
    assert.equal(escapeTagValue('path\\\\'), 'path');
    assert.equal(escapeTagValue('a\\b'), 'a\\b');
  });

  test('unicode passes through unchanged', () => {
    assert.equal(escapeTagValue('ünïcode-组'), 'ünïcode-组');
  });
});

describe('LineBuilder', () => {
  test('tags, then fields in the order set, then the timestamp in ms', () => {
    const line = new LineBuilder('lagwatch_group')
      .tag('cluster', 'a')
      .tag('group', 'g 1')
      .string('status', 'OK')
      .int('total_lag', 42)
      .float('complete', 0.5)
      .bool('flag', true)
      .line(1_795_683_600_000);
    assert.equal(
      line,
      'lagwatch_group,cluster=a,group=g\\ 1 status="OK",total_lag=42i,complete=0.5,flag=true 1795683600000',
    );
  });

  test('integers carry i; floats never do, also when whole', () => {
    const line = new LineBuilder('m').int('i', 7).float('f', 1).float('z', 0).line(0);
    assert.equal(line, 'm i=7i,f=1,z=0 0');
  });

  test('a fractional integer field is truncated toward zero', () => {
    assert.equal(new LineBuilder('m').int('i', -2.7).line(5), 'm i=-2i 5');
  });

  test('null, undefined, NaN and infinities leave the field out', () => {
    const line = new LineBuilder('m')
      .int('a', null)
      .int('b', undefined)
      .float('c', Number.NaN)
      .float('d', Number.POSITIVE_INFINITY)
      .string('e', null)
      .int('kept', 1)
      .line(9);
    assert.equal(line, 'm kept=1i 9');
  });

  test('empty tag values are left out (the protocol cannot carry them)', () => {
    assert.equal(
      new LineBuilder('m').tag('owner', '').tag('t', 'x').int('v', 1).line(1),
      'm,t=x v=1i 1',
    );
  });

  test('a point without fields is no point', () => {
    assert.equal(new LineBuilder('m').tag('t', 'x').line(1), null);
  });

  test('large offsets stay integers', () => {
    assert.equal(
      new LineBuilder('m').int('o', 9_007_199_254_740_991).line(1),
      'm o=9007199254740991i 1',
    );
  });
});
