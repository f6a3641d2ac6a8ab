// A cluster client for bench/service that answers at the sampler's boundary (the same
// interface as ProtocolClient and the unit tests' FakeClient) from a model of G groups x P
// partitions, so the bench measures lagwatch's tick path, not a loaded broker. Every
// request waits `latencyMs` (a timer, like a socket) and honours the tick's signal.
//
// The model: G/10 topics of P partitions; ten groups share a topic. Log ends grow with
// time; groups are a mix of shapes, so the evaluator meets every branch it meets in
// production: 60 % keep up, 20 % stay behind and fall further back, 10 % stopped
// committing (members still there: STALL/STOP), 10 % Empty with lag (STOP at once).
// Answers are what ProtocolClient hands out: fresh arrays per request, as decoding a
// response makes them; in ListGroups', OffsetFetch's and ListOffsets' answers the string an
// earlier answer read for the same bytes (src/kafka/wire-names.ts, the client's own
// WireNames, turned at each ListGroups as the client turns it), in DescribeGroups' new flat
// strings (DecodedText below), as the client decodes them; and Metadata's topics the same
// list while they say the same, as its TopicMetadataMemo and `topics()` hand them out. New
// strings and topics in every answer were held through the tick and promoted, which the
// real client's are not. The model itself is a few numbers (every
// answer is computed from the group's index), so the bench process holds lagwatch's memory,
// not a copy of the cluster (13.8 MB at 10,000 x 10 when the descriptions were kept).
// Answers are built in loops, not with callbacks made per request: V8 drops a callback's
// optimized code with it, and compiling it again every tick is CPU that lagwatch's own
// decoder does not spend.
import { setTimeout as wait } from 'node:timers/promises';
import type { ClusterClient } from '../../src/pipeline/cluster-client.js';
import type { CommittedOffsets } from '../../src/kafka/committed-offsets.js';
import type { FoundCoordinators } from '../../src/kafka/coordinators.js';
import type { GroupDescription } from '../../src/kafka/group-description.js';
import type { GroupListing } from '../../src/kafka/group-listing.js';
import type { OwnedPartitions, PartitionOwner } from '../../src/kafka/assignment.js';
import { OffsetColumns, type OffsetList } from '../../src/kafka/offset-list.js';
import { WireNames } from '../../src/kafka/wire-names.js';

export interface SyntheticClusterOptions {
  readonly groups: number;
  readonly partitions: number;
  /** Wait before each answer (ms). */
  readonly latencyMs: number;
  /** The clock offsets are computed from (the bench's clock, which may run ahead). */
  readonly now: () => number;
}

const GROUPS_PER_TOPIC = 10;
/** Members of every group that is not Empty; partitions go to them in turn. */
const MEMBERS = 2;
const START = Date.UTC(2026, 10, 30, 0, 0, 0);

type Shape = 'keeps-up' | 'behind' | 'stopped' | 'empty';

function shapeOf(g: number): Shape {
  const m = g % 10;
  return m < 6 ? 'keeps-up' : m < 8 ? 'behind' : m < 9 ? 'stopped' : 'empty';
}

const GROUP_PREFIX = 'bench-g';
const TOPIC_PREFIX = 'bench-t';
/** Digits of a group's number in its name. */
const GROUP_DIGITS = 6;

/**
 * 10 ** i for i of 0..15: `10 ** digits` computed per number was V8's pow, a call into C
 * each time (0.5 % of the bench process's CPU samples in `perf` at 10,000 x 10), and a
 * decoder reading a name makes no number at all.
 */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Strings as a response decoder makes them: each one flat and new, and nothing else made
 * for it (a decoder reads the bytes of the response and makes the string, as wire.ts's
 * Reader does). The text is written into a scratch Buffer, then read back as a string.
 * Made as `Buffer.from(`${a}-${b}`).toString()`, each string cost about six allocations (the
 * template's pieces, the flattened text, the Buffer) and twice the CPU: a third of what
 * bench/service's process allocated at 10,000 x 10 was the cluster's own.
 */
class DecodedText {
  readonly #scratch = Buffer.alloc(256);
  #length = 0;
  /** The names read so far, as ProtocolClient keeps them. */
  readonly names = new WireNames();

  /** Starts a new string with `text`. */
  start(text: string): this {
    this.#length = 0;
    return this.add(text);
  }

  /**
   * Appends `text` (ASCII) byte by byte: for a few characters a loop costs half of what a
   * call to Buffer's native `write` does.
   */
  add(text: string): this {
    const scratch = this.#scratch;
    let at = this.#length;
    for (let i = 0; i < text.length; i++) scratch[at++] = text.charCodeAt(i);
    this.#length = at;
    return this;
  }

  /** `n` (an integer >= 0) in decimal, padded with zeros to `width` digits. */
  addNumber(n: number, width = 1): this {
    let digits = 1;
    while (digits < POWERS_OF_TEN.length && n >= POWERS_OF_TEN[digits]!) digits++;
    const end = this.#length + Math.max(digits, width);
    for (let at = end - 1; at >= this.#length; at--) {
      this.#scratch[at] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.#length = end;
    return this;
  }

  /** The text written since `start`: the kept string for it, else a new flat string. */
  take(): string {
    return this.names.text(this.#scratch, 0, this.#length);
  }

  /** The text written since `start`, as a new flat string (DescribeGroups' decoder). */
  takeNew(): string {
    return this.#scratch.toString('latin1', 0, this.#length);
  }
}

/** The number after `prefix` in `name` (a name this cluster made), read without a new string. */
function numberIn(name: string, prefix: string): number {
  let n = 0;
  for (let i = prefix.length; i < name.length; i++) n = n * 10 + name.charCodeAt(i) - 0x30;
  return n;
}

const groupIndexOf = (groupId: string): number => numberIn(groupId, GROUP_PREFIX);

/** A topic of a Metadata answer, as the sampler reads it. */
interface MetadataTopic {
  readonly topic: string;
  readonly partitions: { partition: number; leader: number | null }[];
}

export class SyntheticCluster implements ClusterClient {
  readonly counter = { requests: 0, byApi: {} as Record<string, number> };
  /** Requests sent after their tick's signal was aborted (must stay 0). */
  sentAfterAbort = 0;
  /** The wait before each answer (ms): `latencyMs` at first; the bench may change it. */
  latencyMs: number;
  readonly #options: SyntheticClusterOptions;
  readonly #topicCount: number;
  readonly #text = new DecodedText();

  constructor(options: SyntheticClusterOptions) {
    this.#options = options;
    this.latencyMs = options.latencyMs;
    this.#topicCount = Math.ceil(options.groups / GROUPS_PER_TOPIC);
  }

  /**
   * Topic `t`'s name, as the client hands it out: the kept string (WireNames), or with
   * `decoded: 'new'` a new one each time (DescribeGroups' answers).
   */
  #topicName(t: number, decoded: 'kept' | 'new' = 'kept'): string {
    const text = this.#text.start(TOPIC_PREFIX).addNumber(t);
    return decoded === 'kept' ? text.take() : text.takeNew();
  }

  /** The topic group `g` reads, as the client hands it out (see #topicName). */
  #topicOf(g: number, decoded: 'kept' | 'new' = 'kept'): string {
    return this.#topicName(Math.floor(g / GROUPS_PER_TOPIC), decoded);
  }

  /**
   * A group's description, made when asked for, as a decoded response would be: each
   * member's strings decoded from bytes (flat strings, new every response, as the wire
   * decoder makes them), one owner object per member, and each member's partitions of the
   * group's topic (as assignmentsOf in src/kafka/assignment.ts builds them).
   */
  #describe(groupId: string): GroupDescription {
    const g = groupIndexOf(groupId);
    const empty = shapeOf(g) === 'empty';
    const topic = this.#topicOf(g, 'new');
    const assignments: OwnedPartitions[] = [];
    const text = this.#text;
    for (let m = 0; !empty && m < MEMBERS; m++) {
      const owner: PartitionOwner = {
        consumerId: text.start(groupId).add('-m').addNumber(m).add('-5f1c2a').takeNew(),
        host: text
          .start('/10.0.')
          .addNumber(g % 250)
          .add('.')
          .addNumber(m)
          .takeNew(),
        clientId: text.start(groupId).add('-client').takeNew(),
      };
      // Partitions go to the members in turn.
      const partitions: number[] = [];
      for (let p = m; p < this.#options.partitions; p += MEMBERS) partitions.push(p);
      assignments.push({ owner, topic, partitions });
    }
    return {
      groupId,
      state: text.start(empty ? 'Empty' : 'Stable').takeNew(),
      protocolType: text.start('consumer').takeNew(),
      members: assignments.length,
      assignments,
      groupEpoch: null,
      errorCode: 0,
      errorMessage: null,
    };
  }

  /** The log-end offset of a partition at `at`: 20 to 100 messages a second. */
  #logEnd(t: number, p: number, at: number): number {
    const perSecond = 20 + ((t * 7 + p * 13) % 81);
    return 1_000_000 + Math.floor(((at - START) / 1000) * perSecond);
  }

  #committed(g: number, p: number, at: number): number {
    const t = Math.floor(g / GROUPS_PER_TOPIC);
    const end = this.#logEnd(t, p, at);
    switch (shapeOf(g)) {
      case 'keeps-up':
        return end - ((g + p) % 5);
      case 'behind': // consumes at 90 % of the rate: the lag grows
        return 1_000_000 + Math.floor((end - 1_000_000) * 0.9);
      case 'stopped':
      case 'empty':
        return this.#logEnd(t, p, START + 3_600_000);
    }
  }

  async #answer(api: string, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) this.sentAfterAbort++;
    this.counter.requests++;
    this.counter.byApi[api] = (this.counter.byApi[api] ?? 0) + 1;
    try {
      await wait(this.latencyMs, undefined, signal === undefined ? undefined : { signal });
    } catch (error) {
      // As a socket would: the request fails with why the tick was cancelled.
      if (signal?.aborted) throw signal.reason as Error;
      throw error;
    }
  }

  async connect(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return Promise.resolve();
  }

  async listGroups(signal?: AbortSignal): Promise<GroupListing[]> {
    await this.#answer('ListGroups', signal);
    this.#text.names.turn();
    const listing: GroupListing[] = [];
    for (let g = 0; g < this.#options.groups; g++) {
      listing.push({
        groupId: this.#text.start(GROUP_PREFIX).addNumber(g, GROUP_DIGITS).take(),
        protocolType: this.#text.start('consumer').take(),
        state: this.#text.start(shapeOf(g) === 'empty' ? 'Empty' : 'Stable').take(),
        type: 'classic',
      });
    }
    return listing;
  }

  async topics(
    signal?: AbortSignal,
  ): Promise<{ topic: string; partitions: { partition: number; leader: number | null }[] }[]> {
    await this.#answer('Metadata', signal);
    const topics: MetadataTopic[] = [];
    const kept = this.#metadataTopics;
    for (let t = 0; t < this.#topicCount; t++) topics.push((kept[t] ??= this.#metadataTopic(t)));
    return topics;
  }

  /** Each topic's entry as the last Metadata answer gave it (the model's never change). */
  readonly #metadataTopics: MetadataTopic[] = [];

  #metadataTopic(t: number): MetadataTopic {
    const partitions: { partition: number; leader: number | null }[] = [];
    for (let partition = 0; partition < this.#options.partitions; partition++)
      partitions.push({ partition, leader: 1 });
    return { topic: this.#topicName(t), partitions };
  }

  async findCoordinators(
    groupIds: readonly string[],
    options: { readonly signal?: AbortSignal },
  ): Promise<FoundCoordinators> {
    await this.#answer('FindCoordinator', options.signal);
    const ids = new Map<string, number>();
    for (const id of groupIds) ids.set(id, 1);
    return { ids, errors: new Map() };
  }

  forgetCoordinator(): void {}

  async describeGroups(
    _nodeId: number,
    groupIds: string[],
    _protocol: 'classic' | 'consumer',
    signal?: AbortSignal,
  ): Promise<GroupDescription[]> {
    await this.#answer('DescribeGroups', signal);
    const described: GroupDescription[] = [];
    for (const id of groupIds) described.push(this.#describe(id));
    return described;
  }

  async committedOffsets(
    _nodeId: number,
    groupIds: readonly string[],
    options: { readonly signal?: AbortSignal },
  ): Promise<CommittedOffsets> {
    await this.#answer('OffsetFetch', options.signal);
    const at = this.#options.now();
    const result: CommittedOffsets = new Map();
    // As the OffsetFetch decoder keeps them: the answer's groups share one set of columns.
    const columns = new OffsetColumns();
    for (const groupId of groupIds) {
      const g = groupIndexOf(groupId);
      const topic = this.#topicOf(g);
      const from = columns.count;
      for (let p = 0; p < this.#options.partitions; p++)
        columns.add(topic, p, this.#committed(g, p, at));
      result.set(groupId, columns.listFrom(from));
    }
    return result;
  }

  async listOffsets(
    leaderOf: ReadonlyMap<string, ReadonlyMap<number, number>>,
    which: 'latest' | 'earliest',
    signal?: AbortSignal,
  ): Promise<{ offsets: OffsetList; failures: { topic: string; error: unknown }[] }> {
    await this.#answer('ListOffsets', signal);
    const at = this.#options.now();
    const offsets = new OffsetColumns();
    for (const [asked, partitions] of leaderOf) {
      const t = numberIn(asked, TOPIC_PREFIX);
      const topic = this.#topicName(t);
      for (const partition of partitions.keys()) {
        offsets.add(
          topic,
          partition,
          which === 'latest' ? this.#logEnd(t, partition, at) : 1_000_000,
        );
      }
    }
    return { offsets: offsets.listFrom(0), failures: [] };
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}
