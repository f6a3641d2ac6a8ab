// The state file's body (format 2): a JSON part (names, bookkeeping, other modules'
// state) and a float64 part (each cluster's numbers from the window store's export, one after the
// other). The numbers are written and read as they are: no copy on read when aligned.
//
// body = u32 JSON length | JSON | zero padding to 8 bytes | float64 numbers
import type { GroupType } from '../contract/snapshot.js';
import type { ClusterWindowsExport, GroupExport } from '../window/store-export.js';
import type { PersistedState } from './persisted-state.js';

/** A body that does not decode (its checksum passed: written by a buggy or foreign writer). */
export class BodyInvalid extends Error {}

/** group name, lastSeen, state, members, partition count, type (format 2 on) */
type GroupMeta = [string, number, string | null, number, number, GroupType | null];

interface ClusterMeta {
  readonly cluster: string;
  readonly lastTakenAt: number | null;
  readonly strings: readonly string[];
  readonly topicPartitions: number;
  readonly groups: readonly GroupMeta[];
  readonly numbers: number;
}

interface BodyMeta {
  readonly savedAt: number;
  readonly ticks: PersistedState['ticks'];
  readonly modules: PersistedState['modules'];
  readonly clusters: readonly ClusterMeta[];
}

const isList = (value: unknown): boolean => Array.isArray(value);
const padding = (jsonLength: number): number => (8 - ((4 + jsonLength) % 8)) % 8;

/** The body's chunks, ready to frame and write. */
export function encodeBody(state: PersistedState): Buffer[] {
  const clusters = state.windows.clusters;
  const meta: BodyMeta = {
    savedAt: state.savedAt,
    ticks: state.ticks,
    modules: state.modules,
    clusters: clusters.map((c) => ({
      cluster: c.cluster,
      lastTakenAt: c.lastTakenAt,
      strings: c.strings,
      topicPartitions: c.topicPartitions,
      groups: c.groups.map((g): GroupMeta => [
        g.group,
        g.lastSeen,
        g.state,
        g.members,
        g.partitions,
        g.type,
      ]),
      numbers: c.numbers.length,
    })),
  };
  return bodyOf(
    meta,
    clusters.map((c) => Buffer.from(c.numbers.buffer, c.numbers.byteOffset, c.numbers.byteLength)),
  );
}

function bodyOf(meta: BodyMeta, numbers: readonly Buffer[]): Buffer[] {
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(json.length, 0);
  return [head, json, Buffer.alloc(padding(json.length)), ...numbers];
}

/** The JSON part, parsed, and where the numbers start; throws BodyInvalid. */
function jsonPart(body: Buffer): { meta: BodyMeta; numbersAt: number } {
  if (body.length < 4) throw new BodyInvalid('the body is shorter than its length field');
  const jsonLength = body.readUInt32LE(0);
  const numbersAt = 4 + jsonLength + padding(jsonLength);
  if (numbersAt > body.length || (body.length - numbersAt) % 8 !== 0) {
    throw new BodyInvalid("the body's parts do not add up to its length");
  }
  let meta: BodyMeta;
  try {
    meta = JSON.parse(body.subarray(4, 4 + jsonLength).toString('utf8')) as BodyMeta;
  } catch (error) {
    throw new BodyInvalid(`its JSON part does not parse: ${(error as Error).message}`);
  }
  if (!isList(meta.clusters) || !isList(meta.ticks)) {
    throw new BodyInvalid('its JSON part lacks clusters or ticks');
  }
  return { meta, numbersAt };
}

export function decodeBody(body: Buffer): PersistedState {
  const { meta, numbersAt } = jsonPart(body);
  const described: readonly ClusterMeta[] = meta.clusters;
  const all = float64s(body, numbersAt, (body.length - numbersAt) / 8);
  let at = 0;
  const clusters = described.map((c): ClusterWindowsExport => {
    if (!Number.isInteger(c.numbers) || at + c.numbers > all.length) {
      throw new BodyInvalid(`cluster ${c.cluster}'s ${c.numbers} numbers are not all there`);
    }
    const numbers = all.subarray(at, at + c.numbers);
    at += c.numbers;
    const groups = c.groups.map(
      ([group, lastSeen, state, members, partitions, type]): GroupExport => ({
        group,
        lastSeen,
        state,
        members,
        type: groupType(type),
        partitions,
      }),
    );
    return { ...c, groups, numbers };
  });
  if (at !== all.length) throw new BodyInvalid(`${all.length - at} numbers left over`);
  return { savedAt: meta.savedAt, windows: { clusters }, ticks: meta.ticks, modules: meta.modules };
}

const groupTypes: ReadonlySet<unknown> = new Set<GroupType>(['classic', 'consumer', 'other']);

function groupType(value: unknown): GroupType | null {
  if (value === null) return null;
  if (!groupTypes.has(value)) throw new BodyInvalid(`group type ${JSON.stringify(value)}`);
  return value as GroupType;
}

/**
 * Format 1 -> 2: format 1 did not keep a group's type (classic, consumer, other); a group
 * migrated from it has none (null) until the next tick sees it. The numbers are unchanged.
 */
export function addGroupTypes(body: Buffer): Buffer {
  const { meta, numbersAt } = jsonPart(body);
  const migrated: BodyMeta = {
    ...meta,
    clusters: meta.clusters.map((c) => ({
      ...c,
      groups: (isList(c.groups) ? c.groups : []).map((g): GroupMeta => [
        g[0],
        g[1],
        g[2],
        g[3],
        g[4],
        null,
      ]),
    })),
  };
  return Buffer.concat(bodyOf(migrated, [body.subarray(numbersAt)]));
}

/** The numbers, without a copy when the buffer is aligned (readFile's is). */
function float64s(body: Buffer, at: number, count: number): Float64Array {
  const offset = body.byteOffset + at;
  if (offset % 8 === 0) return new Float64Array(body.buffer, offset, count);
  return new Float64Array(Uint8Array.prototype.slice.call(body, at, at + count * 8).buffer);
}
