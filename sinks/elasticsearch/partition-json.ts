// A partition document (documents.ts' partitionDocument) written straight as JSON: the
// most numerous document, so it skips building the object and its `present` copies, and
// JSON.stringify walking them. The text is exactly JSON.stringify(partitionDocument(…)):
// the same keys in the same order, unknown values left out, strings through
// JSON.stringify, numbers as JSON writes them (the unit tests compare the two).
import type { PartitionSample, PartitionStatus } from '../../src/contract/report.js';
import { statusNumber } from '../../src/contract/statuses.js';
import { seconds, type OffsetsLookup } from '../report-facts.js';

/** A JSON number as JSON.stringify writes it (NaN and infinities are null). */
const num = (n: number): string => (Number.isFinite(n) ? `${n}` : 'null');
const str = (s: string): string => JSON.stringify(s);

/** `,"key":value` or '' for a value that is unknown (what `present` drops); `first` leaves the comma out. */
function opt(key: string, value: number | null | undefined, first = false): string {
  if (value === null || value === undefined) return '';
  return `${first ? '' : ','}"${key}":${num(value)}`;
}

function sampleJson(s: PartitionSample): string {
  return `{"offset":${num(s.offset)},"timestamp":${num(s.timestamp)}${opt('lag', s.lag)}}`;
}

function windowJson(start: PartitionSample | null, end: PartitionSample | null): string {
  const parts: string[] = [];
  if (start !== null) parts.push(`"start":${sampleJson(start)}`);
  if (end !== null) parts.push(`"end":${sampleJson(end)}`);
  return `{${parts.join(',')}}`;
}

/**
 * `head`: what `partitionJsonHead` made, and the group's id as JSON; `cluster` and
 * `groupStatus`: the group's cluster name and status, already as JSON strings.
 */
export function partitionJson(
  head: string,
  cluster: string,
  groupStatus: string,
  p: PartitionStatus,
  offsets: OffsetsLookup,
): string {
  const tp = offsets(p.topic, p.partition);
  const newest = tp?.logEndOffset;
  const oldest = tp?.logStartOffset;
  const offsetJson = `{${opt('newest', newest, true)}${opt('oldest', oldest, newest === null || newest === undefined)}}`;
  const lagSeconds = seconds(p.timeLagMs);
  const catchUp = seconds(p.catchUpMs);
  const lagJson = `{${opt('seconds', lagSeconds, true)}${opt('catch_up_seconds', catchUp, lagSeconds === null)}}`;
  const detail = p.reasonDetail as unknown;
  const end = p.end; // read once: it may be a getter that builds a new object on every read
  return (
    `${head}${opt('consumer_lag', p.currentLag)}${opt('offset', end?.offset)}` +
    `,"client":{"host":${str(p.owner)},"id":${str(p.clientId)}}},` +
    `"topic":{"name":${str(p.topic)}},"partition":{"id":${num(p.partition)},"offset":${offsetJson}}},` +
    `"lagwatch":{"cluster":${cluster},"status":${str(p.status)},"status_code":${num(statusNumber[p.status])},` +
    `"reason":${str(p.reason)},"reason_text":${str(p.reasonText)}` +
    (detail === null || detail === undefined ? '' : `,"reason_detail":${JSON.stringify(detail)}`) +
    `${opt('complete', p.complete)}${opt('messages_lost', p.messagesLost)}` +
    `,"lag":${lagJson},"group":{"status":${groupStatus}},"window":${windowJson(p.start, end)}}}`
  );
}

/** What every partition document starts with, up to the group's id (its JSON follows). */
export function partitionJsonHead(timestamp: string, dataset: string): string {
  return (
    `{"@timestamp":${str(timestamp)},"event":{"dataset":${str(dataset)},"module":"lagwatch","kind":"metric"},` +
    `"kafka":{"consumergroup":{"id":`
  );
}
