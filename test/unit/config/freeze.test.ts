// The loaded config cannot change: every object and list in it is frozen, and writing to
// it throws (ES modules run in strict mode).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Config } from '../../../src/config/index.js';
import { deepFreeze } from '../../../src/contract/freeze.js';
import { minimalYaml, parse } from './helpers.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

describe('frozen config', () => {
  const config = parse(minimalYaml + '    groups: {allow: ["^a"]}\n');

  it('throws on assignment at the top and deep inside', () => {
    assert.throws(() => {
      (config as Writable<Config>).schedule = '* * * * *';
    }, TypeError);
    assert.throws(() => {
      (config.window as Writable<Config['window']>).intervals = 1;
    }, TypeError);
    const sink = config.sinks[0] as { batch: { maxItems: number } };
    assert.throws(() => {
      sink.batch.maxItems = 1;
    }, TypeError);
    assert.throws(() => {
      delete (config.log as Partial<Writable<Config['log']>>).level;
    }, TypeError);
  });

  it('throws on changing lists', () => {
    assert.throws(() => (config.clusters as unknown as unknown[]).push({}), TypeError);
    assert.throws(() => (config.clusters[0]?.brokers as unknown as string[]).pop(), TypeError);
  });

  it('keeps its compiled regexes usable, in frozen lists, themselves unfrozen (V8 fast path)', () => {
    const allowList = config.clusters[0]?.groups.allow;
    assert.ok(allowList && Object.isFrozen(allowList));
    const allow = allowList[0];
    assert.ok(allow && !Object.isFrozen(allow) && !allow.global && !allow.sticky);
    assert.equal(allow.test('abc'), true);
    assert.equal(allow.test('abc'), true, 'no lastIndex state');
    assert.equal(allow.test('xyz'), false);
  });

  it('deepFreeze freezes nested values and returns its argument', () => {
    const value = { a: [{ b: 1 }], c: { d: new Map() }, r: [/x/] };
    const frozen = deepFreeze(value);
    assert.equal(frozen, value);
    assert.ok(Object.isFrozen(value.a[0]) && Object.isFrozen(value.c) && Object.isFrozen(value.r));
    assert.ok(!Object.isFrozen(value.r[0]));
  });
});
