// The state file's body: a JSON part (names, bookkeeping, other modules' state) and a
// float64 part (every sample, offset and time, in the order the JSON part describes).
// Strings repeated across partitions (topics, hosts, client ids) are written once and
// referred to by index. Encoding 100,000 group-partitions takes tens of ms (bench/state).
//
// body = u32 JSON length | JSON | zero padding to 8 bytes | float64 little-endian numbers
import type {
  ClusterWindowsExport,
  GroupExport,
  GroupPartitionExport,
  TopicPartitionExport,
} from '../window/store-export.js';
import { ColumnOverrun, NumberColumn, NumberReader } from './number-column.js';
import type { ClusterTickRecord, PersistedState } from './persisted-state.js';

/** A body that does not decode (its checksum passed: written by a buggy or foreign writer). */
export class BodyInvalid extends Error {}

/** group name, lastSeen, state, members, partition count */
type GroupMeta = [string, number, string | null, number, number];

interface ClusterMeta {
  readonly cluster: string;
  readonly lastTakenAt: number | null;
  readonly topicPartitions: number;
  readonly groups: readonly GroupMeta[];
}

interface BodyMeta {
  readonly savedAt: number;
  readonly ticks: readonly ClusterTickRecord[];
  readonly modules: Readonly<Record<string, unknown>>;
  readonly strings: readonly string[];
  readonly clusters: readonly ClusterMeta[];
  readonly numbers: number;
}

const NULL = Number.NaN;
const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** The body's chunks, ready to frame and write. */
export function encodeBody(state: PersistedState): Buffer[] {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (text: string | null): number => {
    if (text === null) return -1;
    let at = index.get(text);
    if (at === undefined) {
      at = strings.length;
      strings.push(text);
      index.set(text, at);
    }
    return at;
  };
  const numbers = new NumberColumn();
  const clusters: ClusterMeta[] = state.windows.clusters.map((cluster) => {
    for (const tp of cluster.topicPartitions) {
      numbers.push(intern(tp.topic));
      numbers.push(tp.partition);
      numbers.push(tp.logEndOffset ?? NULL);
      numbers.pushRun(tp.recentEnds);
      numbers.pushRun(tp.history);
    }
    const groups = cluster.groups.map((g): GroupMeta => {
      for (const p of g.partitions) {
        numbers.push(intern(p.topic));
        numbers.push(p.partition);
        numbers.push(p.committedOffset ?? NULL);
        numbers.push(p.currentLag ?? NULL);
        numbers.push(p.messagesLost);
        numbers.push(intern(p.host));
        numbers.push(intern(p.clientId));
        numbers.pushRun(p.samples);
      }
      return [g.group, g.lastSeen, g.state, g.members, g.partitions.length];
    });
    return {
      cluster: cluster.cluster,
      lastTakenAt: cluster.lastTakenAt,
      topicPartitions: cluster.topicPartitions.length,
      groups,
    };
  });
  const column = numbers.view();
  const meta: BodyMeta = {
    savedAt: state.savedAt,
    ticks: state.ticks,
    modules: state.modules,
    strings,
    clusters,
    numbers: column.length,
  };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(json.length, 0);
  const pad = Buffer.alloc((8 - ((4 + json.length) % 8)) % 8);
  return [head, json, pad, Buffer.from(column.buffer, column.byteOffset, column.byteLength)];
}

export function decodeBody(body: Buffer): PersistedState {
  try {
    if (body.length < 4) throw new BodyInvalid('the body is shorter than its length field');
    const jsonLength = body.readUInt32LE(0);
    const numbersAt = 4 + jsonLength + ((8 - ((4 + jsonLength) % 8)) % 8);
    if (numbersAt > body.length || (body.length - numbersAt) % 8 !== 0) {
      throw new BodyInvalid("the body's parts do not add up to its length");
    }
    const meta = JSON.parse(body.subarray(4, 4 + jsonLength).toString('utf8')) as BodyMeta;
    const count = (body.length - numbersAt) / 8;
    if (meta.numbers !== count)
      throw new BodyInvalid(`expected ${meta.numbers} numbers, found ${count}`);
    return decodeMeta(meta, new NumberReader(float64s(body, numbersAt, count)));
  } catch (error) {
    if (error instanceof BodyInvalid) throw error;
    if (
      error instanceof ColumnOverrun ||
      error instanceof SyntaxError ||
      error instanceof TypeError
    ) {
      throw new BodyInvalid(error.message);
    }
    throw error;
  }
}

/** The numbers, without a copy when the buffer is aligned (readFile's usually is). */
function float64s(body: Buffer, at: number, count: number): Float64Array {
  const offset = body.byteOffset + at;
  if (offset % 8 === 0) return new Float64Array(body.buffer, offset, count);
  return new Float64Array(Uint8Array.prototype.slice.call(body, at, at + count * 8).buffer);
}

function decodeMeta(meta: BodyMeta, numbers: NumberReader): PersistedState {
  const { strings } = meta;
  const text = (at: number): string => {
    const value = strings[at];
    if (value === undefined) throw new BodyInvalid(`no string ${at}`);
    return value;
  };
  const textOrNull = (at: number): string | null => (at === -1 ? null : text(at));
  const clusters = meta.clusters.map((cluster): ClusterWindowsExport => {
    const topicPartitions: TopicPartitionExport[] = [];
    for (let i = 0; i < cluster.topicPartitions; i++) {
      topicPartitions.push({
        topic: text(numbers.next()),
        partition: numbers.next(),
        logEndOffset: orNull(numbers.next()),
        recentEnds: numbers.run(),
        history: numbers.run(),
      });
    }
    const groups = cluster.groups.map(([group, lastSeen, state, members, count]): GroupExport => {
      const partitions: GroupPartitionExport[] = [];
      for (let i = 0; i < count; i++) {
        partitions.push({
          topic: text(numbers.next()),
          partition: numbers.next(),
          committedOffset: orNull(numbers.next()),
          currentLag: orNull(numbers.next()),
          messagesLost: numbers.next(),
          host: textOrNull(numbers.next()),
          clientId: textOrNull(numbers.next()),
          samples: numbers.run(),
        });
      }
      return { group, lastSeen, state, members, partitions };
    });
    return { cluster: cluster.cluster, lastTakenAt: cluster.lastTakenAt, topicPartitions, groups };
  });
  if (numbers.remaining !== 0) throw new BodyInvalid(`${numbers.remaining} numbers left over`);
  return {
    savedAt: meta.savedAt,
    windows: { clusters },
    ticks: meta.ticks,
    modules: meta.modules,
  };
}
