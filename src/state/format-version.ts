// Which state-file formats this lagwatch reads. The current one is read as it is; an older
// one is migrated step by step (each step turns a body of version n into one of n + 1),
// and one with no path to the current version, or from a newer lagwatch, is refused whole.
// A change to the body's layout raises FORMAT_VERSION and adds the step from the previous.
//
// 1: windows, ticks, modules. 2: each group's type (classic, consumer, other) as well.
import { addGroupTypes } from './state-codec.js';

export const FORMAT_VERSION = 2;

/** Version n -> the step that turns a body of version n into one of version n + 1. */
export type Migrations = ReadonlyMap<number, (body: Buffer) => Buffer>;

export const migrations: Migrations = new Map([[1, addGroupTypes]]);

export type Migrated =
  | { readonly ok: true; readonly body: Buffer; readonly from: number }
  | {
      readonly ok: false;
      readonly kind: 'future-version' | 'old-version';
      readonly message: string;
    };

/** The body in the current format, or why it cannot be read. */
export function migrate(
  version: number,
  body: Buffer,
  steps: Migrations = migrations,
  current: number = FORMAT_VERSION,
): Migrated {
  if (version > current) {
    return {
      ok: false,
      kind: 'future-version',
      message: `written by a newer lagwatch (format ${version}; this one reads up to ${current})`,
    };
  }
  let at = version;
  let migrated = body;
  while (at < current) {
    const step = steps.get(at);
    if (!step) {
      return {
        ok: false,
        kind: 'old-version',
        message: `format ${version} is too old to migrate (this lagwatch reads ${current}; no step from ${at})`,
      };
    }
    migrated = step(migrated);
    at++;
  }
  return { ok: true, body: migrated, from: version };
}
