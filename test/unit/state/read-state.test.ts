// Reading the state at start: a good file is read whole; a truncated, damaged, foreign or
// future-version file is moved aside (same bytes, never deleted) with a warning, and the
// start goes on empty; an old version is migrated when a step exists, refused otherwise.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readState, STATE_FILE } from '../../../src/state/read-state.js';
import { encodeBody } from '../../../src/state/state-codec.js';
import { frameHeader } from '../../../src/state/state-file.js';
import { FORMAT_VERSION } from '../../../src/state/format-version.js';
import { captureLogger, persisted, plain, tempDir } from './fixtures.js';

function stateFile(version = FORMAT_VERSION, body = encodeBody(persisted())): Buffer {
  return Buffer.concat([frameHeader(version, body), ...body]);
}

/** A file as format 1 wrote it: the group tuples without their sixth entry, the type. */
function formatOneFile(): Buffer {
  const [, json, , ...numbers] = encodeBody(persisted());
  const meta = JSON.parse(json!.toString('utf8')) as { clusters: { groups: unknown[][] }[] };
  for (const c of meta.clusters) c.groups = c.groups.map((g) => g.slice(0, 5));
  const text = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(text.length, 0);
  const body = [head, text, Buffer.alloc((8 - ((4 + text.length) % 8)) % 8), ...numbers];
  return Buffer.concat([frameHeader(1, body), ...body]);
}

const at = () => Date.parse('2026-11-30T05:00:00.000Z');

async function expectMovedAside(bytes: Buffer, reason: string): Promise<void> {
  const dir = tempDir();
  writeFileSync(join(dir, STATE_FILE), bytes);
  const log = captureLogger();
  const read = await readState(dir, { logger: log.logger, now: at });
  assert.equal(read.kind, 'moved-aside');
  const name = `${STATE_FILE}.${reason}-2026-11-30T05-00-00-000Z`;
  assert.deepEqual(readdirSync(dir), [name]);
  assert.deepEqual(readFileSync(join(dir, name)), bytes, 'the damaged file is kept as it was');
  const warning = log.lines().find((l) => l.level === 40);
  assert.equal(warning?.reason, reason);
  assert.match(String(warning?.msg), /moved aside, starting with empty windows/);
}

describe('reading the state at start', () => {
  test('no file: empty', async () => {
    assert.deepEqual(await readState(tempDir(), { logger: captureLogger().logger }), {
      kind: 'empty',
    });
  });

  test('a good file is read whole', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, STATE_FILE), stateFile());
    const read = await readState(dir, { logger: captureLogger().logger });
    assert.equal(read.kind, 'read');
    assert.deepEqual(plain(read.kind === 'read' && read.state), plain(persisted()));
    assert.equal(read.kind === 'read' && read.migratedFrom, null);
  });

  test('a truncated file is moved aside', async () => {
    const whole = stateFile();
    await expectMovedAside(whole.subarray(0, whole.length - 100), 'truncated');
  });

  test('a damaged file is moved aside', async () => {
    const bad = stateFile();
    bad[bad.length - 3] = bad[bad.length - 3]! ^ 1;
    await expectMovedAside(bad, 'corrupt');
  });

  test('a file that is not a state file is moved aside', async () => {
    await expectMovedAside(Buffer.from('hello'.repeat(20)), 'foreign');
  });

  test('a file from a future format version is moved aside, unread', async () => {
    await expectMovedAside(stateFile(FORMAT_VERSION + 1), 'future-version');
  });

  test('an old version with no migration step is refused, moved aside', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, STATE_FILE), stateFile(1));
    const log = captureLogger();
    const read = await readState(dir, {
      logger: log.logger,
      formatVersion: 2,
      migrations: new Map(),
    });
    assert.equal(read.kind, 'moved-aside');
    assert.match(String(log.lines()[0]?.msg), /format 1 is too old to migrate/);
  });

  test('an old version is migrated step by step, then read', async () => {
    const dir = tempDir();
    // "Version 0" here: the current body with its JSON length field doubled; the step undoes it.
    const body = Buffer.concat(encodeBody(persisted()));
    const old = Buffer.from(body);
    old.writeUInt32LE(body.readUInt32LE(0) * 2, 0);
    writeFileSync(join(dir, STATE_FILE), Buffer.concat([frameHeader(0, [old]), old]));
    const steps = new Map([
      [
        0,
        (b: Buffer) => {
          const fixed = Buffer.from(b);
          fixed.writeUInt32LE(b.readUInt32LE(0) / 2, 0);
          return fixed;
        },
      ],
    ]);
    const read = await readState(dir, {
      logger: captureLogger().logger,
      migrations: steps,
      formatVersion: 1,
    });
    assert.equal(read.kind, 'read');
    assert.equal(read.kind === 'read' && read.migratedFrom, 0);
    assert.deepEqual(plain(read.kind === 'read' && read.state), plain(persisted()));
  });

  test('a format-1 file (no group types) is migrated: every window is read, types unknown', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, STATE_FILE), formatOneFile());
    const read = await readState(dir, { logger: captureLogger().logger });
    assert.equal(read.kind, 'read');
    assert.equal(read.kind === 'read' && read.migratedFrom, 1);
    const state = read.kind === 'read' ? read.state : null;
    const types = state?.windows.clusters.flatMap((c) => c.groups.map((g) => g.type));
    assert.deepEqual(types, [null, null, null, null]);
    // Everything else as written.
    const untyped = (s: unknown) =>
      JSON.stringify(plain(s)).replace(/"type":"(classic|consumer|other)"/g, '"type":null');
    assert.equal(untyped(state), untyped(persisted()));
  });
});
