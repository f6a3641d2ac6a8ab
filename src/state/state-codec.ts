// The state file's body: a JSON part (names, bookkeeping, other modules' state) and a
// float64 part (each cluster's numbers from the window store's export, one after the
// other). The numbers are written and read as they are: no copy on read when aligned.
//
// body = u32 JSON length | JSON | zero padding to 8 bytes | float64 numbers
import type { ClusterWindowsExport, GroupExport } from '../window/store-export.js';
import type { PersistedState } from './persisted-state.js';

/** A body that does not decode (its checksum passed: written by a buggy or foreign writer). */
export class BodyInvalid extends Error {}

/** group name, lastSeen, state, members, partition count */
type GroupMeta = [string, number, string | null, number, number];

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
      ]),
      numbers: c.numbers.length,
    })),
  };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(json.length, 0);
  return [
    head,
    json,
    Buffer.alloc(padding(json.length)),
    ...clusters.map((c) =>
      Buffer.from(c.numbers.buffer, c.numbers.byteOffset, c.numbers.byteLength),
    ),
  ];
}

export function decodeBody(body: Buffer): PersistedState {
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
  const described: readonly ClusterMeta[] = meta.clusters;
  if (!isList(meta.clusters) || !isList(meta.ticks)) {
    throw new BodyInvalid('its JSON part lacks clusters or ticks');
  }
  const all = float64s(body, numbersAt, (body.length - numbersAt) / 8);
  let at = 0;
  const clusters = described.map((c): ClusterWindowsExport => {
    if (!Number.isInteger(c.numbers) || at + c.numbers > all.length) {
      throw new BodyInvalid(`cluster ${c.cluster}'s ${c.numbers} numbers are not all there`);
    }
    const numbers = all.subarray(at, at + c.numbers);
    at += c.numbers;
    const groups = c.groups.map(([group, lastSeen, state, members, partitions]): GroupExport => ({
      group,
      lastSeen,
      state,
      members,
      partitions,
    }));
    return { ...c, groups, numbers };
  });
  if (at !== all.length) throw new BodyInvalid(`${all.length - at} numbers left over`);
  return { savedAt: meta.savedAt, windows: { clusters }, ticks: meta.ticks, modules: meta.modules };
}

/** The numbers, without a copy when the buffer is aligned (readFile's is). */
function float64s(body: Buffer, at: number, count: number): Float64Array {
  const offset = body.byteOffset + at;
  if (offset % 8 === 0) return new Float64Array(body.buffer, offset, count);
  return new Float64Array(Uint8Array.prototype.slice.call(body, at, at + count * 8).buffer);
}
