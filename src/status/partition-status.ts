// A partition status as the evaluator hands it out. The names (topic, owner, reason) are
// own properties; the status is the reason's (REASON_STATUS), read through a getter, and
// every number sits in the group's packed numbers (partition-numbers.ts) and is read
// through a getter, so a report that lives until the next tick (the collector promotes
// and marks all of it: 8 bytes a field, Node's pointers being uncompressed) holds no
// per-partition sample or detail objects and as few fields as it can: `start`, `end` and
// `reasonDetail` are made anew on each read, `reasonText` the first time it is read, then
// kept, because building sentences for every partition would cost several times more
// than judging it. A group makes a new object for a partition on each read, so the text is
// kept where every such object finds it: in the group (KeptReasonTexts). A getter is not
// an own property, so a spread copies none of them: `toJSON` lists every field, and JSON
// and logs always carry them.
import type { ReasonCode, ReasonDetail } from './reasons.js';
import { describeReason, REASON_STATUS } from './reasons.js';
import { detailAt, PARTITION_SLOTS, putSample, sampleAt, Slot } from './partition-numbers.js';
import { orNaN, orNull } from '../contract/nan-null.js';
import { holdHiddenClass } from '../contract/hidden-class.js';
import type { JudgedSamples } from './judged-samples.js';
import type { PartitionStatusCode } from '../contract/statuses.js';
import type { PartitionSample, PartitionStatus, PartitionWindow } from '../contract/evaluation.js';

/**
 * Where the reason texts of a group's partitions are kept once made (an evaluated group):
 * the API reads them on each request, and the stdout sink once a tick, each time through a
 * new partition object. (The InfluxDB and Elasticsearch sinks write the sentences from the
 * numbers instead: sinks/reason-text.ts.)
 */
export interface KeptReasonTexts {
  keptReasonText(i: number): string | undefined;
  keepReasonText(i: number, text: string): void;
}

/** A blank partition object's numbers: none. */
const NO_NUMBERS = new Float64Array(0);

export class EvaluatedPartition implements PartitionStatus {
  // Not readonly: `moveTo` points the object at a partition, first when it is made (`new
  // EvaluatedPartition().moveTo(…)`), then again for PartitionReader. The values here are
  // a blank partition's, never read.
  topic = '';
  partition = 0;
  owner = '';
  clientId = '';
  reason: ReasonCode = 'NO_SAMPLES';
  /** REASON_STATUS[reason], looked up again only when the reason changes (see moveTo). */
  #status: PartitionStatusCode = REASON_STATUS.NO_SAMPLES;
  #numbers: Float64Array = NO_NUMBERS;
  #at = 0;
  #text: string | undefined = undefined;
  #texts: KeptReasonTexts | null = null;
  #i = 0;

  /**
   * Points this object at partition `index` of `numbers`, whose numbers are already there
   * (putPartitionNumbers, and the reason's by the rules with putReason); the names and the
   * reason come as they are. `texts`, `i`: where its reason text is kept, as partition `i`
   * (a group's); without them, in this object.
   */
  moveTo(
    topic: string,
    partition: number,
    owner: string,
    clientId: string,
    reason: ReasonCode,
    numbers: Float64Array,
    index: number,
    texts: KeptReasonTexts | null = null,
    i = 0,
  ): this {
    this.topic = topic;
    this.partition = partition;
    this.owner = owner;
    this.clientId = clientId;
    // A reused object (PartitionReader) meets runs of one reason: a compare instead of a
    // keyed lookup per read.
    if (reason !== this.reason) {
      this.reason = reason;
      this.#status = REASON_STATUS[reason];
    }
    this.#text = undefined;
    this.#numbers = numbers;
    this.#at = index * PARTITION_SLOTS;
    this.#texts = texts;
    this.#i = i;
    return this;
  }

  get status(): PartitionStatusCode {
    return this.#status;
  }

  /** Oldest sample judged, null with no samples. A new object on each read. */
  get start(): PartitionSample | null {
    return sampleAt(this.#numbers, this.#at + Slot.START);
  }

  /** Newest sample judged, null with no samples. A new object on each read. */
  get end(): PartitionSample | null {
    return sampleAt(this.#numbers, this.#at + Slot.END);
  }

  /** The newest sample's offset, null with no samples: `end.offset` without the object. */
  get endOffset(): number | null {
    return orNull(this.#numbers[this.#at + Slot.END]!);
  }

  get currentLag(): number {
    return this.#numbers[this.#at + Slot.CURRENT_LAG]!;
  }

  get complete(): number {
    return this.#numbers[this.#at + Slot.COMPLETE]!;
  }

  get timeLagMs(): number | null {
    return orNull(this.#numbers[this.#at + Slot.TIME_LAG_MS]!);
  }

  get catchUpMs(): number | null {
    return orNull(this.#numbers[this.#at + Slot.CATCH_UP_MS]!);
  }

  get messagesLost(): number | null {
    return orNull(this.#numbers[this.#at + Slot.MESSAGES_LOST]!);
  }

  get reasonText(): string {
    if (this.#text !== undefined) return this.#text;
    const texts = this.#texts;
    let text = texts?.keptReasonText(this.#i);
    if (text === undefined) {
      text = describeReason(this.reasonDetail);
      texts?.keepReasonText(this.#i, text);
    }
    return (this.#text = text);
  }

  /**
   * Always: the text is describeReason's, made only of fixed words and numbers
   * (test/unit/status/reason-text.test.ts holds every reason to it).
   */
  get reasonTextPlain(): boolean {
    return true;
  }

  /** The numbers behind the reason. A new object on each read. */
  get reasonDetail(): ReasonDetail {
    return detailAt(this.#numbers, this.#at + Slot.DETAIL, this.reason);
  }

  reasonNumber(k: number): number {
    return this.#numbers[this.#at + Slot.DETAIL + k]!;
  }

  toJSON(): Omit<PartitionStatus, 'reasonDetail'> {
    return {
      topic: this.topic,
      partition: this.partition,
      owner: this.owner,
      clientId: this.clientId,
      status: this.status,
      start: this.start,
      end: this.end,
      currentLag: this.currentLag,
      complete: this.complete,
      timeLagMs: this.timeLagMs,
      catchUpMs: this.catchUpMs,
      messagesLost: this.messagesLost,
      reason: this.reason,
      reasonText: this.reasonText,
    };
  }
}

/**
 * Stores partition `index`'s numbers but the reason's: the judged samples' oldest and
 * newest (`judged`), `complete`, and what the sampler gave the window.
 */
export function putPartitionNumbers(
  numbers: Float64Array,
  index: number,
  window: PartitionWindow,
  judged: JudgedSamples,
  complete: number,
): void {
  const n = judged.length;
  const at = index * PARTITION_SLOTS;
  putSample(numbers, at + Slot.START, judged, n > 0 ? 0 : -1);
  putSample(numbers, at + Slot.END, judged, n - 1);
  numbers[at + Slot.CURRENT_LAG] = window.currentLag;
  numbers[at + Slot.COMPLETE] = complete;
  numbers[at + Slot.TIME_LAG_MS] = orNaN(window.timeLagMs);
  numbers[at + Slot.CATCH_UP_MS] = orNaN(window.catchUpMs);
  numbers[at + Slot.MESSAGES_LOST] = orNaN(window.messagesLost);
  numbers[at + Slot.PARTITION] = window.partition;
}

// An evaluated group makes its partitions' objects when read, and they die young, before
// the next tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(
  new EvaluatedPartition().moveTo(
    't',
    0,
    '',
    '',
    'NO_SAMPLES',
    new Float64Array(PARTITION_SLOTS),
    0,
  ),
);
