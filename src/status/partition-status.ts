// A partition status as the evaluator hands it out. Every field is a plain own property
// except `reasonText`: the sentence is made from the reason's numbers the first time it is
// read, then kept, because building sentences for every partition would cost several
// times more than judging it. `toJSON` includes it, so JSON and logs always carry it.
import type { ReasonCode, ReasonDetail } from './reasons.js';
import { describeReason } from './reasons.js';
import type { PartitionStatusCode } from '../contract/statuses.js';
import type {
  PartitionSample,
  PartitionStatus,
  PartitionWindow,
  SampleSeries,
} from '../contract/evaluation.js';

export class EvaluatedPartition implements PartitionStatus {
  readonly topic: string;
  readonly partition: number;
  readonly owner: string;
  readonly clientId: string;
  readonly status: PartitionStatusCode;
  readonly start: PartitionSample | null;
  readonly end: PartitionSample | null;
  readonly currentLag: number;
  readonly complete: number;
  readonly timeLagMs: number | null;
  readonly catchUpMs: number | null;
  readonly messagesLost: number | null;
  readonly reason: ReasonCode;
  readonly #detail: ReasonDetail;
  #text: string | undefined;

  /** `first` is the index of the oldest judged sample in `samples` (the window's). */
  constructor(
    window: PartitionWindow,
    samples: SampleSeries,
    complete: number,
    first: number,
    status: PartitionStatusCode,
    detail: ReasonDetail,
  ) {
    const n = samples.length;
    this.topic = window.topic;
    this.partition = window.partition;
    this.owner = window.owner ?? '';
    this.clientId = window.clientId ?? '';
    this.status = status;
    this.start = n > first ? samples.sample(first) : null;
    this.end = n > 0 ? samples.sample(n - 1) : null;
    this.currentLag = window.currentLag;
    this.complete = complete;
    this.timeLagMs = window.timeLagMs ?? null;
    this.catchUpMs = window.catchUpMs ?? null;
    this.messagesLost = window.messagesLost ?? null;
    this.reason = detail.code;
    this.#detail = detail;
    this.#text = undefined;
  }

  get reasonText(): string {
    return (this.#text ??= describeReason(this.#detail));
  }

  /** The numbers behind the reason. */
  get reasonDetail(): ReasonDetail {
    return this.#detail;
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
