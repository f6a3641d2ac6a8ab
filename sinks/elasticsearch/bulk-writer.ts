// Partition bulk items (`<index> <_id> <document JSON>`) written into an ItemWriter: the
// same bytes as partitionJson (partition-json.ts) and partitionDocumentId (document-id.ts)
// give, without the strings between. The id's hash reads the key's JSON from a buffer too.
import crypto from 'node:crypto';
import type { GroupStatus, PartitionSample, PartitionStatus } from '../../src/contract/report.js';
import { statusNumber, type StatusCode } from '../../src/contract/statuses.js';
import { REASON_KEYS } from '../../src/contract/reasons.js';
import {
  asciiFragment,
  fragmentOf,
  ItemWriter,
  utf8Fragment,
  ValueFragments,
  type Fragment,
} from '../item-writer.js';
import type { OffsetsLookup } from '../report-facts.js';
import type { ItemTarget } from '../item-target.js';
import { hasReasonNumbers, writtenSentence, type WithReasonNumbers } from '../reason-text.js';

/** Node's one-shot hash (20.12+); see document-id.ts. */
const oneShot = (
  crypto as {
    hash?: (algorithm: string, data: Uint8Array, encoding: 'base64url') => string;
  }
).hash;

/** Writes the key of a document's id, then hashes it. */
class IdWriter {
  readonly key = new ItemWriter();
  /** Views of the key buffer, by length: hashing needs one of the exact length. */
  #views: Buffer[] = [];
  #viewsOf: Buffer | null = null;

  /** The id (32 characters of base64url) of the key written since pos 0. */
  id(): string {
    const { buf, pos } = this.key;
    if (this.#viewsOf !== buf) {
      this.#views = [];
      this.#viewsOf = buf;
    }
    const view = (this.#views[pos] ??= buf.subarray(0, pos));
    return oneShot === undefined
      ? crypto.createHash('sha256').update(view).digest('base64url')
      : oneShot('sha256', view, 'base64url');
  }
}

/** Constant text, as bytes: copied in one go, much faster than char by char. */
const b = asciiFragment;
const T = {
  consumerLag: b(',"consumer_lag":'),
  offset: b(',"offset":'),
  clientHost: b(',"client":{"host":'),
  clientId: b(',"id":'),
  topic: b('}},"topic":{"name":'),
  partition: b('},"partition":{"id":'),
  offsets: b(',"offset":{'),
  oldestFirst: b('"oldest":'),
  oldest: b(',"oldest":'),
  lagwatch: b('}}},"lagwatch":{"cluster":'),
  status: b(',"status":'),
  statusCode: b(',"status_code":'),
  reason: b(',"reason":'),
  reasonText: b(',"reason_text":'),
  reasonDetail: b(',"reason_detail":'),
  complete: b(',"complete":'),
  messagesLost: b(',"messages_lost":'),
  lag: b(',"lag":{'),
  catchUpFirst: b('"catch_up_seconds":'),
  catchUp: b(',"catch_up_seconds":'),
  groupStatus: b('},"group":{"status":'),
  window: b('},"window":{'),
  startFirst: b('"start":'),
  close: b('}}}'),
  sampleOffset: b('{"offset":'),
  sampleTimestamp: b(',"timestamp":'),
  sampleLag: b(',"lag":'),
  keyHead: b('["partition",'),
  // Constants that follow one another whenever the second is written: one copy each.
  offsetsNewest: b(',"offset":{"newest":'),
  lagSeconds: b(',"lag":{"seconds":'),
  endSample: b(',"end":{"offset":'),
  endFirstSample: b('"end":{"offset":'),
};

/** The group document's keys after its id (documents.ts' groupDocument, in its order). */
const G = {
  lagwatch: b('}},"lagwatch":{"cluster":'),
  complete: b(',"complete":'),
  partitionCount: b(',"partition_count":'),
  members: b(',"members":'),
  state: b(',"state":'),
  groupType: b(',"group_type":'),
  lagTotal: b(',"lag":{"total":'),
  max: b(',"max":'),
  maxSeconds: b(',"max_seconds":'),
  maxTopic: b(',"max_topic":'),
  maxPartition: b(',"max_partition":'),
  close: b('}}}'),
};

/** Where the fragments below are written before they are kept. */
const scratch = new ItemWriter();

/** `write`'s bytes for one value, kept per value (ValueFragments). */
function keptPerValue(write: (w: ItemWriter, value: string) => void): ValueFragments {
  return new ValueFragments((value) => fragment((w) => write(w, value)));
}

/** `,"status":"<status>","status_code":<n>`: the same for every status word. */
const STATUS_FIELDS = keptPerValue((w, status) => {
  w.fragment(T.status);
  w.jsonString(status);
  w.fragment(T.statusCode);
  w.jsonNumber(statusNumber[status as StatusCode]);
});
/** `},"group":{"status":"<group status>"},"window":{`: what follows a partition's lag. */
const GROUP_WINDOW = keptPerValue((w, groupStatus) => {
  w.fragment(T.groupStatus);
  w.jsonString(groupStatus);
  w.fragment(T.window);
});
/** The same, then the window's first sample begun: `"start":{"offset":`. */
const GROUP_WINDOW_START = keptPerValue((w, groupStatus) => {
  w.fragment(T.groupStatus);
  w.jsonString(groupStatus);
  w.fragment(T.window);
  w.fragment(T.startFirst);
  w.fragment(T.sampleOffset);
});
/** `,"reason":"<code>","reason_text":` (the text follows every reason). */
const REASON_FIELDS = keptPerValue((w, reason) => {
  w.fragment(T.reason);
  w.jsonString(reason);
  w.fragment(T.reasonText);
});

/** Written into `scratch` by `write`, kept as a Fragment of its own. */
function fragment(write: (w: ItemWriter) => void): Fragment {
  scratch.begin();
  write(scratch);
  return fragmentOf(scratch, 0);
}

/**
 * Writes a report's partition items. Per group: `group()`; per partition: `partition()`.
 * One report at a time (everything is synchronous).
 * Text that repeats from one partition to the next is kept as bytes and copied whole: per
 * report, the cluster with each status word; per group status word, the window's opening;
 * per topic, the topic's name. Each piece written (a copy, a JSON string) costs a call and
 * its checks whatever its length.
 */
export class PartitionItemWriter {
  readonly w = new ItemWriter();
  readonly #ids = new IdWriter();
  /** `<index> ` */
  #index: Fragment = b('');
  #at = 0;
  /** partitionJsonHead's text: the document up to the group's id. */
  #head = '';
  /** The group document's text up to its group's id (partitionJsonHead of the group dataset). */
  #groupDocumentHead: Fragment = utf8Fragment('');
  /** The document from its start up to and with the group's id, as bytes. */
  #groupHead: Fragment = utf8Fragment('');
  #cluster: Fragment = utf8Fragment('');
  /** The cluster `#lagwatch` is for; null before the first group. */
  #lagwatchCluster: string | null = null;
  /** `}}},"lagwatch":{"cluster":<cluster>,"status":"<status>","status_code":<n>` per status. */
  #lagwatch: ValueFragments = new ValueFragments(() => null);
  /** The group's GROUP_WINDOW and GROUP_WINDOW_START. */
  #window: Fragment | null = null;
  #windowStart: Fragment | null = null;
  /** `}},"topic":{"name":<topic>},"partition":{"id":` of `#idTopic`. */
  #topic: Fragment = utf8Fragment('');
  /** Where a partition's part of the id's key starts (after the group's). */
  #keyGroupEnd = 0;
  /** The topic whose hash #topicId is, in the group being written; null before its first. */
  #idTopic: string | null = null;
  #topicId = '';

  /**
   * `index`: printable ASCII (an index name). `head`: partitionJsonHead without the group.
   * The items go to `target`.
   */
  begin(index: string, at: number, head: string, groupHead: string, target: ItemTarget): void {
    this.w.begin(target);
    this.#index = b(`${index} `);
    this.#at = at;
    this.#head = head;
    this.#groupDocumentHead = utf8Fragment(groupHead);
  }

  /**
   * The group's document (documents.ts' groupDocument as JSON.stringify writes it) as a
   * bulk item with id `id`, after `group()`. False, with nothing written, for a group whose
   * status has no number (groupDocument leaves its code out): the caller writes it.
   */
  groupItem(group: GroupStatus, id: string): boolean {
    const status = group.status;
    if (statusNumber[status] === undefined) return false;
    const max = group.maxlag; // read once: a getter that builds an object on every read
    const w = this.w;
    w.fragment(this.#index);
    w.ascii(id);
    w.byte(32);
    copy(w, this.#groupDocumentHead);
    w.jsonString(group.group);
    w.fragment(G.lagwatch);
    w.fragment(this.#cluster);
    copy(w, STATUS_FIELDS.of(status));
    optional(w, G.complete, group.complete);
    optional(w, G.partitionCount, group.partitionCount);
    optional(w, G.members, group.members);
    optionalString(w, G.state, group.state);
    optionalString(w, G.groupType, group.type);
    w.fragment(G.lagTotal);
    w.jsonNumber(group.totallag);
    w.fragment(G.max);
    w.jsonNumber(max?.currentLag ?? 0);
    optionalSeconds(w, G.maxSeconds, max?.timeLagMs);
    optionalString(w, G.maxTopic, max?.topic);
    optional(w, G.maxPartition, max?.partition);
    w.fragment(G.close);
    w.endItem();
    return true;
  }

  group(cluster: string, group: string, groupStatus: string): void {
    // Made once per group, copied into each of its partitions' items.
    this.#groupHead = utf8Fragment(this.#head + JSON.stringify(group));
    if (cluster !== this.#lagwatchCluster) {
      const clusterJson = utf8Fragment(JSON.stringify(cluster));
      this.#cluster = clusterJson;
      this.#lagwatchCluster = cluster;
      this.#lagwatch = new ValueFragments((status) => {
        // Taken first: STATUS_FIELDS makes its fragments in `scratch` too.
        const statusFields = STATUS_FIELDS.of(status);
        return fragment((w) => {
          w.fragment(T.lagwatch);
          w.fragment(clusterJson);
          copy(w, statusFields);
        });
      });
    }
    this.#window = GROUP_WINDOW.of(groupStatus);
    this.#windowStart = GROUP_WINDOW_START.of(groupStatus);
    const key = this.#ids.key;
    key.pos = 0;
    key.fragment(T.keyHead);
    key.fragment(this.#cluster);
    key.byte(44);
    key.jsonString(group);
    key.byte(44);
    this.#keyGroupEnd = key.pos;
    this.#idTopic = null;
  }

  partition(p: PartitionStatus, offsets: OffsetsLookup): void {
    // The topic's hash (partitionDocumentId), made again only when the topic changes: a
    // group's partitions come topic by topic.
    const topic = p.topic;
    if (topic !== this.#idTopic) {
      const key = this.#ids.key;
      key.pos = this.#keyGroupEnd;
      key.jsonString(topic);
      key.byte(44);
      key.jsonNumber(this.#at);
      key.byte(93);
      this.#topicId = this.#ids.id();
      this.#idTopic = topic;
      this.#topic = fragment((w) => {
        w.fragment(T.topic);
        w.jsonString(topic);
        w.fragment(T.partition);
      });
    }

    // Read once: `start` and `end` may be getters that build a new object on every read.
    const start = p.start;
    const end = p.end;
    const w = this.w;
    w.fragment(this.#index);
    w.ascii(this.#topicId, 32);
    w.byte(45);
    w.number(p.partition);
    w.byte(32);
    w.fragment(this.#groupHead);
    optional(w, T.consumerLag, p.currentLag);
    optional(w, T.offset, end?.offset);
    w.fragment(T.clientHost);
    w.jsonString(p.owner);
    w.fragment(T.clientId);
    w.jsonString(p.clientId);
    copy(w, this.#topic);
    w.jsonNumber(p.partition);
    const tp = offsets(topic, p.partition);
    const newest = tp?.logEndOffset;
    const noNewest = newest === null || newest === undefined;
    if (noNewest) w.fragment(T.offsets);
    else {
      w.fragment(T.offsetsNewest);
      w.jsonNumber(newest);
    }
    optional(w, noNewest ? T.oldestFirst : T.oldest, tp?.logStartOffset);
    copy(w, this.#lagwatch.of(p.status));
    copy(w, REASON_FIELDS.of(p.reason));
    const sentence = writtenSentence(p);
    if (sentence === null) w.jsonString(p.reasonText, p.reasonTextPlain === true);
    else {
      w.byte(34);
      sentence.write(w, p);
      w.byte(34);
    }
    if (!hasReasonNumbers(p) || !reasonDetailFromNumbers(w, p)) {
      const detail = p.reasonDetail as unknown;
      if (detail !== null && detail !== undefined) {
        w.fragment(T.reasonDetail);
        flatObject(w, detail);
      }
    }
    optional(w, T.complete, p.complete);
    optional(w, T.messagesLost, p.messagesLost);
    const lagMs = p.timeLagMs;
    const noLagMs = lagMs === null || lagMs === undefined;
    if (noLagMs) w.fragment(T.lag);
    else secondsAfter(w, T.lagSeconds, lagMs);
    optionalSeconds(w, noLagMs ? T.catchUpFirst : T.catchUp, p.catchUpMs);
    if (start !== null) {
      copy(w, this.#windowStart);
      sampleFrom(w, start);
    } else copy(w, this.#window);
    if (end !== null) {
      w.fragment(start === null ? T.endFirstSample : T.endSample);
      sampleFrom(w, end);
    }
    w.fragment(T.close);
    w.endItem();
  }
}

function copy(w: ItemWriter, fragment: Fragment | null): void {
  if (fragment !== null) w.fragment(fragment);
}

/** `<prefix><number>`, or nothing for a value that is unknown (partition-json.ts' opt). */
function optional(w: ItemWriter, prefix: Fragment, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  w.fragment(prefix);
  w.jsonNumber(value);
}

/** `<prefix><text as JSON>`, or nothing for a value that is unknown (as `present` leaves it out). */
function optionalString(w: ItemWriter, prefix: Fragment, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  w.fragment(prefix);
  w.jsonString(value);
}

/** `<prefix><ms / 1000>`, or nothing for a value that is unknown (opt of seconds(ms)). */
function optionalSeconds(w: ItemWriter, prefix: Fragment, ms: number | null | undefined): void {
  if (ms === null || ms === undefined) return;
  secondsAfter(w, prefix, ms);
}

/** `<prefix><ms / 1000>`; null for NaN and the infinities, as JSON.stringify writes them. */
function secondsAfter(w: ItemWriter, prefix: Fragment, ms: number): void {
  w.fragment(prefix);
  if (Number.isFinite(ms)) w.seconds(ms);
  else w.ascii('null');
}

/** A sample's JSON after its `{"offset":` (written with what comes before it). */
function sampleFrom(w: ItemWriter, s: PartitionSample): void {
  w.jsonNumber(s.offset);
  w.fragment(T.sampleTimestamp);
  w.jsonNumber(s.timestamp);
  optional(w, T.sampleLag, s.lag);
  w.byte(125);
}

/** A reason's detail as bytes, but its numbers: how it opens, then each key's `,"<key>":`. */
interface DetailFragments {
  /** `,"reason_detail":{"code":"<code>"` */
  readonly open: Fragment;
  readonly keys: readonly Fragment[];
}

const DETAIL_FRAGMENTS = new Map<string, DetailFragments>(
  Object.entries(REASON_KEYS).map(([code, keys]) => [
    code,
    {
      open: fragment((w) => {
        w.fragment(T.reasonDetail);
        w.ascii('{"code":');
        w.jsonString(code);
      }),
      keys: keys.map((key) => b(`,${JSON.stringify(key)}:`)),
    },
  ]),
);

/**
 * `,"reason_detail":` and JSON.stringify(p.reasonDetail), written from the status' numbers
 * (no detail object, no walk over its keys): the detail's keys are REASON_KEYS' of its
 * reason, in that order, and a NaN is JSON's null as a detail's null is. False, with
 * nothing written, for a reason this build does not know (none the evaluator gives): the
 * caller writes the detail object.
 */
function reasonDetailFromNumbers(w: ItemWriter, p: WithReasonNumbers): boolean {
  const parts = DETAIL_FRAGMENTS.get(p.reason);
  if (parts === undefined) return false;
  w.fragment(parts.open);
  const keys = parts.keys;
  for (let k = 0; k < keys.length; k++) {
    w.fragment(keys[k]!);
    w.jsonNumber(p.reasonNumber(k));
  }
  w.byte(125);
  return true;
}

/** `"<key>":`, kept per key: a reason detail's keys are a score of names. */
const DETAIL_KEY = keptPerValue((w, key) => {
  w.jsonString(key);
  w.byte(58);
});

/**
 * JSON.stringify(value) for a plain object of numbers, strings, booleans and nulls (a
 * ReasonDetail); anything else, and any other value inside, goes through JSON.stringify.
 * Read with for-in, which for a plain object (its prototype Object.prototype, checked)
 * lists the own keys in JSON.stringify's order, and which V8 runs from the object's enum
 * cache: no array of keys, and loads by field index rather than by name (the details come
 * in a dozen shapes, one per reason, too many for a load by name to stay fast).
 */
function flatObject(w: ItemWriter, value: unknown): void {
  const proto: unknown = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype || 'toJSON' in (value as object)) {
    w.raw(String(JSON.stringify(value)));
    return;
  }
  const object = value as Record<string, unknown>;
  let first = true;
  w.byte(123);
  for (const key in object) {
    const v = object[key];
    const simple = typeof v === 'number' || typeof v === 'string';
    // What JSON.stringify writes for any other value; undefined (a function, a symbol,
    // undefined itself) leaves the key out.
    const text = simple ? '' : (JSON.stringify(v) as string | undefined);
    if (text === undefined) continue;
    if (!first) w.byte(44);
    first = false;
    copy(w, DETAIL_KEY.of(key));
    if (typeof v === 'number') w.jsonNumber(v);
    else if (typeof v === 'string') w.jsonString(v);
    else w.raw(text);
  }
  w.byte(125);
}
