// The state file's frame and body: what is written is read back equal; a file cut short,
// altered or foreign is recognised before any of it is used.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BodyInvalid, decodeBody, encodeBody } from '../../../src/state/state-codec.js';
import { FrameProblem, frameHeader, unframe } from '../../../src/state/state-file.js';
import { WindowStore } from '../../../src/window/store.js';
import { windowData, withoutMemberIds } from '../window/snapshot-fixtures.js';
import { persisted, plain, populated, storeOptions } from './fixtures.js';

function file(): Buffer {
  const body = encodeBody(persisted());
  return Buffer.concat([frameHeader(1, body), ...body]);
}

function problemOf(bytes: Buffer): string {
  try {
    unframe(bytes);
  } catch (error) {
    assert.ok(error instanceof FrameProblem);
    return error.kind;
  }
  return 'none';
}

describe('state file encoding', () => {
  test('a state round-trips: windows (nulls included), ticks and modules', () => {
    const state = persisted();
    const { version, body } = unframe(file());
    assert.equal(version, 1);
    assert.deepEqual(plain(decodeBody(body)), plain(state));
    // Into a store: the same windows, nulls included (never committed, no owner).
    const store = new WindowStore(storeOptions);
    store.importState(decodeBody(body).windows);
    const { store: original } = populated();
    assert.deepEqual(windowData(store.windows('a')), withoutMemberIds(original.windows('a')));
    const [owned, unowned, neverCommitted] = store.window('a', 'orders')?.partitions ?? [];
    assert.equal(unowned?.owner, undefined);
    assert.equal(owned?.owner, '/10.0.0.1');
    assert.equal(neverCommitted?.samples.length, 0);
    assert.equal(neverCommitted?.timeLagMs, null);
  });

  test('an empty state round-trips', () => {
    const empty = { savedAt: 1, windows: { clusters: [] }, ticks: [], modules: {} };
    const body = encodeBody(empty);
    assert.deepEqual(
      decodeBody(unframe(Buffer.concat([frameHeader(1, body), ...body])).body),
      empty,
    );
  });

  test('a file cut anywhere is truncated or corrupt, never read', () => {
    const whole = file();
    for (const length of [0, 10, 31, 32, 33, 100, whole.length >> 1, whole.length - 1]) {
      const kind = problemOf(whole.subarray(0, length));
      assert.ok(kind === 'truncated' || kind === 'corrupt', `cut at ${length}: ${kind}`);
    }
  });

  test('one changed byte anywhere is found', () => {
    const whole = file();
    for (const at of [9, 17, 24, 40, whole.length >> 1, whole.length - 1]) {
      const bad = Buffer.from(whole);
      bad[at] = bad[at]! ^ 0x10;
      assert.notEqual(problemOf(bad), 'none', `byte ${at}`);
    }
  });

  test('bytes after the body, or another file, are refused', () => {
    assert.equal(problemOf(Buffer.concat([file(), Buffer.from('x')])), 'corrupt');
    assert.equal(problemOf(Buffer.from('{"json": "not a state file at all"}')), 'foreign');
  });

  test('a body whose checksum passes but whose parts do not add up is invalid', () => {
    const body = Buffer.concat(encodeBody(persisted()));
    assert.throws(() => decodeBody(body.subarray(0, body.length - 8)), BodyInvalid);
    assert.throws(() => decodeBody(Buffer.from([255, 255, 0, 0])), BodyInvalid);
  });
});
