// Reading the state file at start. Whatever is wrong with it (cut short, damaged, from a
// format this lagwatch cannot read) it is renamed aside, never deleted, with a warning,
// and lagwatch starts empty: a bad state file never stops lagwatch from starting.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../contract/logger.js';
import {
  FORMAT_VERSION,
  migrate,
  migrations as currentMigrations,
  type Migrations,
} from './format-version.js';
import { ErrorCode, LagwatchError } from '../contract/errors.js';
import type { PersistedState } from './persisted-state.js';
import { BodyInvalid, decodeBody } from './state-codec.js';
import { FrameProblem, unframe } from './state-file.js';

export const STATE_FILE = 'state.bin';

export type StateRead =
  | { readonly kind: 'empty' }
  | { readonly kind: 'read'; readonly state: PersistedState; readonly migratedFrom: number | null }
  | { readonly kind: 'moved-aside'; readonly reason: string; readonly movedTo: string };

export interface ReadStateOptions {
  readonly logger: Logger;
  readonly now?: () => number;
  /** The migrations to apply (tests pass their own). */
  readonly migrations?: Migrations;
  readonly formatVersion?: number;
}

export async function readState(dir: string, options: ReadStateOptions): Promise<StateRead> {
  const path = join(dir, STATE_FILE);
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'empty' };
    throw new LagwatchError(ErrorCode.STATE_IO, `cannot read ${path}`, { cause: error });
  }
  let kind: string;
  let message: string;
  try {
    const { version, body } = unframe(file);
    const current = options.formatVersion ?? FORMAT_VERSION;
    const migrated = migrate(version, body, options.migrations ?? currentMigrations, current);
    if (migrated.ok) {
      const state = decodeBody(migrated.body);
      return { kind: 'read', state, migratedFrom: version === current ? null : version };
    }
    kind = migrated.kind;
    message = migrated.message;
  } catch (error) {
    if (error instanceof FrameProblem) {
      kind = error.kind;
      message = error.message;
    } else if (error instanceof BodyInvalid) {
      kind = 'corrupt';
      message = error.message;
    } else throw error;
  }
  return moveAside(dir, kind, message, options);
}

/** Renames the state file aside (never deletes it) and says so; the start goes on empty. */
export async function moveAside(
  dir: string,
  kind: string,
  message: string,
  options: Pick<ReadStateOptions, 'logger' | 'now'>,
): Promise<{ kind: 'moved-aside'; reason: string; movedTo: string }> {
  const path = join(dir, STATE_FILE);
  const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
  const movedTo = `${path}.${kind}-${stamp}`;
  try {
    await rename(path, movedTo);
  } catch (error) {
    throw new LagwatchError(ErrorCode.STATE_IO, `cannot move ${path} aside`, { cause: error });
  }
  options.logger.warn(
    { file: path, movedTo, reason: kind, detail: message },
    `state file unusable (${message}): moved aside, starting with empty windows`,
  );
  return { kind: 'moved-aside', reason: kind, movedTo };
}
