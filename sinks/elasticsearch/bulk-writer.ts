// Partition bulk items (`<index> <_id> <document JSON>`) written into an ItemWriter: the
// same bytes as partitionJson (partition-json.ts) and partitionDocumentId (document-id.ts)
// give, without the strings between. The id's hash reads the key's JSON from a buffer too.
import crypto from 'node:crypto';
import type { PartitionSample, PartitionStatus } from '../../src/contract/report.js';
import { statusNumber, type StatusCode } from '../../src/contract/statuses.js';
import {
  fragmentOf,
  ItemWriter,
  utf8Fragment,
  ValueFragments,
  type Fragment,
} from '../item-writer.js';
import type { OffsetsLookup } from '../report-facts.js';
import type { ItemTarget } from '../item-target.js';

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
const b = (text: string): Buffer => Buffer.from(text, 'latin1');
const T = {
  consumerLag: b(',"consumer_lag":'),
  offset: b(',"offset":'),
  clientHost: b(',"client":{"host":'),
  clientId: b(',"id":'),
  topic: b('}},"topic":{"name":'),
  partition: b('},"partition":{"id":'),
  offsets: b(',"offset":{'),
  newest: b('"newest":'),
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
  secondsFirst: b('"seconds":'),
  catchUpFirst: b('"catch_up_seconds":'),
  catchUp: b(',"catch_up_seconds":'),
  groupStatus: b('},"group":{"status":'),
  window: b('},"window":{'),
  startFirst: b('"start":'),
  endFirst: b('"end":'),
  end: b(',"end":'),
  close: b('}}}'),
  sampleOffset: b('{"offset":'),
  sampleTimestamp: b(',"timestamp":'),
  sampleLag: b(',"lag":'),
  keyHead: b('["partition",'),
};

/** Where the fragments below are written before they are kept. */
const scratch = new ItemWriter();

/** `write`'s bytes for one value, kept per value (ValueFragments). */
function keptPerValue(write: (w: ItemWriter, value: string) => void): ValueFragments {
  return new ValueFragments((value) => {
    scratch.begin();
    write(scratch, value);
    return fragmentOf(scratch, 0);
  });
}

/** `,"status":"<status>","status_code":<n>`: the same for every status word. */
const STATUS_FIELDS = keptPerValue((w, status) => {
  w.bytes(T.status);
  w.jsonString(status);
  w.bytes(T.statusCode);
  w.jsonNumber(statusNumber[status as StatusCode]);
});
/** `,"reason":"<code>"` */
const REASON_FIELD = keptPerValue((w, reason) => {
  w.bytes(T.reason);
  w.jsonString(reason);
});

/**
 * Writes a report's partition items. Per group: `group()`; per partition: `partition()`.
 * One report at a time (everything is synchronous).
 */
export class PartitionItemWriter {
  readonly w = new ItemWriter();
  readonly #ids = new IdWriter();
  /** `<index> ` */
  #index: Buffer = b('');
  #at = 0;
  /** partitionJsonHead's text: the document up to the group's id. */
  #head = '';
  /** The document from its start up to and with the group's id, as bytes. */
  #groupHead: Fragment = utf8Fragment('');
  /** The group's cluster and status as JSON, as bytes. */
  #cluster: Fragment = utf8Fragment('');
  #groupStatus: Fragment = utf8Fragment('');
  /** Where a partition's part of the id's key starts (after the group's). */
  #keyGroupEnd = 0;
  /** The topic whose hash #topicId is, in the group being written; null before its first. */
  #idTopic: string | null = null;
  #topicId = '';

  /**
   * `index`: printable ASCII (an index name). `head`: partitionJsonHead without the group.
   * The items go to `target`.
   */
  begin(index: string, at: number, head: string, target: ItemTarget): void {
    this.w.begin(target);
    this.#index = b(`${index} `);
    this.#at = at;
    this.#head = head;
  }

  group(cluster: string, group: string, groupStatus: string): void {
    // Made once per group, copied into each of its partitions' items.
    this.#groupHead = utf8Fragment(this.#head + JSON.stringify(group));
    this.#cluster = utf8Fragment(JSON.stringify(cluster));
    this.#groupStatus = utf8Fragment(JSON.stringify(groupStatus));
    const key = this.#ids.key;
    key.pos = 0;
    key.bytes(T.keyHead);
    key.bytes(this.#cluster.bytes, this.#cluster.nonAscii);
    key.byte(44);
    key.jsonString(group);
    key.byte(44);
    this.#keyGroupEnd = key.pos;
    this.#idTopic = null;
  }

  partition(p: PartitionStatus, offsets: OffsetsLookup): void {
    // The topic's hash (partitionDocumentId), made again only when the topic changes: a
    // group's partitions come topic by topic.
    if (p.topic !== this.#idTopic) {
      const key = this.#ids.key;
      key.pos = this.#keyGroupEnd;
      key.jsonString(p.topic);
      key.byte(44);
      key.jsonNumber(this.#at);
      key.byte(93);
      this.#topicId = this.#ids.id();
      this.#idTopic = p.topic;
    }

    // Read once: `start` and `end` may be getters that build a new object on every read.
    const start = p.start;
    const end = p.end;
    const w = this.w;
    w.bytes(this.#index);
    w.ascii(this.#topicId, 32);
    w.byte(45);
    w.number(p.partition);
    w.byte(32);
    w.bytes(this.#groupHead.bytes, this.#groupHead.nonAscii);
    optional(w, T.consumerLag, p.currentLag);
    optional(w, T.offset, end?.offset);
    w.bytes(T.clientHost);
    w.jsonString(p.owner);
    w.bytes(T.clientId);
    w.jsonString(p.clientId);
    w.bytes(T.topic);
    w.jsonString(p.topic);
    w.bytes(T.partition);
    w.jsonNumber(p.partition);
    w.bytes(T.offsets);
    const tp = offsets(p.topic, p.partition);
    const newest = tp?.logEndOffset;
    const noNewest = newest === null || newest === undefined;
    optional(w, T.newest, newest);
    optional(w, noNewest ? T.oldestFirst : T.oldest, tp?.logStartOffset);
    w.bytes(T.lagwatch);
    w.bytes(this.#cluster.bytes, this.#cluster.nonAscii);
    copy(w, STATUS_FIELDS.of(p.status));
    copy(w, REASON_FIELD.of(p.reason));
    w.bytes(T.reasonText);
    w.jsonString(p.reasonText);
    const detail = p.reasonDetail as unknown;
    if (detail !== null && detail !== undefined) {
      w.bytes(T.reasonDetail);
      flatObject(w, detail);
    }
    optional(w, T.complete, p.complete);
    optional(w, T.messagesLost, p.messagesLost);
    w.bytes(T.lag);
    const lagMs = p.timeLagMs;
    optionalSeconds(w, T.secondsFirst, lagMs);
    optionalSeconds(
      w,
      lagMs === null || lagMs === undefined ? T.catchUpFirst : T.catchUp,
      p.catchUpMs,
    );
    w.bytes(T.groupStatus);
    w.bytes(this.#groupStatus.bytes, this.#groupStatus.nonAscii);
    w.bytes(T.window);
    if (start !== null) {
      w.bytes(T.startFirst);
      sample(w, start);
    }
    if (end !== null) {
      w.bytes(start === null ? T.endFirst : T.end);
      sample(w, end);
    }
    w.bytes(T.close);
    w.endItem();
  }
}

function copy(w: ItemWriter, fragment: Fragment | null): void {
  if (fragment !== null) w.bytes(fragment.bytes, fragment.nonAscii);
}

/** `<prefix><number>`, or nothing for a value that is unknown (partition-json.ts' opt). */
function optional(w: ItemWriter, prefix: Buffer, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  w.bytes(prefix);
  w.jsonNumber(value);
}

/** `<prefix><ms / 1000>`, or nothing for a value that is unknown (opt of seconds(ms)). */
function optionalSeconds(w: ItemWriter, prefix: Buffer, ms: number | null | undefined): void {
  if (ms === null || ms === undefined) return;
  w.bytes(prefix);
  if (Number.isFinite(ms)) w.seconds(ms);
  else w.ascii('null');
}

function sample(w: ItemWriter, s: PartitionSample): void {
  w.bytes(T.sampleOffset);
  w.jsonNumber(s.offset);
  w.bytes(T.sampleTimestamp);
  w.jsonNumber(s.timestamp);
  optional(w, T.sampleLag, s.lag);
  w.byte(125);
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
