// One document as one line of text for the shared delivery and the spool:
// `<index> <_id> <document JSON>`. Index names and ids hold no spaces, and JSON.stringify
// escapes every newline, so the line is one line.
import type { EvaluationReport } from '../../src/contract/report.js';
import { PartitionReader } from '../../src/contract/partition-reader.js';
import { documentId, partitionDocumentId } from './document-id.js';
import { clusterDocument, DATASET, groupDocument } from './documents.js';
import { partitionJson, partitionJsonHead } from './partition-json.js';
import { offsetsLookup } from '../report-facts.js';
import { targetIndex } from './index-mode.js';
import { PartitionItemWriter } from './bulk-writer.js';
import type { IndexMode } from './index-mode.js';
import { wholeReport, type ReportPart } from '../report-part.js';
import { itemStrings, type ItemTarget } from '../item-target.js';

export interface BulkItem {
  readonly index: string;
  readonly id: string;
  /** The document, as JSON. */
  readonly source: string;
}

/** Reads each group's partitions without an object per partition (encoding is synchronous). */
const reader = new PartitionReader();

export function encodeBulkItem(item: BulkItem): string {
  return `${item.index} ${item.id} ${item.source}`;
}

export function decodeBulkItem(line: string): BulkItem {
  const first = line.indexOf(' ');
  const second = line.indexOf(' ', first + 1);
  return {
    index: line.slice(0, first),
    id: line.slice(first + 1, second),
    source: line.slice(second + 1),
  };
}

/** Writes the partition items; one report at a time (all of it is synchronous). */
const writer = new PartitionItemWriter();

/** An index name the writer can copy byte for byte (any valid one is). */
const printableAscii = /^[\x20-\x7e]*$/;

/**
 * Every document of a report: each group's, followed by its partitions', then the
 * cluster's. `part`: only the documents of these groups, and the cluster's if it is the
 * last (report-part.ts).
 */
export function reportBulkItems(
  report: EvaluationReport,
  mode: IndexMode,
  prefix: string,
  part: ReportPart = wholeReport(report),
): string[] {
  return itemStrings((target) => {
    writeReportBulkItems(report, mode, prefix, part, target);
  });
}

/** reportBulkItems' items, into `target`. */
export function writeReportBulkItems(
  report: EvaluationReport,
  mode: IndexMode,
  prefix: string,
  part: ReportPart,
  target: ItemTarget,
): void {
  const index = targetIndex(mode, prefix, report.takenAt);
  if (!printableAscii.test(index)) {
    for (const item of plainBulkItems(report, index, part)) target.string(item);
    return;
  }
  // The same documents, in the same order, as reportDocuments (documents.ts) gives; the
  // partition and group items written by the byte writer (bulk-writer.ts), the cluster's
  // document (one a report) made as a string (JSON.stringify) and copied in after them.
  const at = report.takenAt;
  const timestamp = new Date(at).toISOString();
  const offsets = offsetsLookup(report);
  const w = writer.w;
  // Written as bytes among the partitions' (JSON.stringify's text holds no lone surrogate,
  // the index is ASCII and the id base64url), so the chunk goes on.
  const item = (key: readonly (string | number)[], source: string): void => {
    w.raw(encodeBulkItem({ index, id: documentId(key), source }));
    w.endItem();
  };
  writer.begin(
    index,
    at,
    partitionJsonHead(timestamp, DATASET.partition),
    partitionJsonHead(timestamp, DATASET.group),
    target,
  );
  const groups = report.groups;
  for (let g = part.from; g < part.to; g++) {
    const group = groups[g]!;
    writer.group(group.cluster, group.group, group.status);
    const groupKey = ['group', group.cluster, group.group, at];
    if (!writer.groupItem(group, documentId(groupKey)))
      item(groupKey, JSON.stringify(groupDocument(group, timestamp)));
    const count = reader.open(group);
    for (let i = 0; i < count; i++) writer.partition(reader.at(i), offsets);
  }
  reader.close();
  if (part.last)
    item(['cluster', report.cluster, at], JSON.stringify(clusterDocument(report, timestamp)));
  w.finish();
}

/** The items with every document as a string (see partition-json.ts). */
function plainBulkItems(report: EvaluationReport, index: string, part: ReportPart): string[] {
  const at = report.takenAt;
  const timestamp = new Date(at).toISOString();
  const offsets = offsetsLookup(report);
  const out: string[] = [];
  const item = (id: string, source: string): void => {
    out.push(encodeBulkItem({ index, id, source }));
  };
  const groups = report.groups;
  for (let g = part.from; g < part.to; g++) {
    const group = groups[g]!;
    item(
      documentId(['group', group.cluster, group.group, at]),
      JSON.stringify(groupDocument(group, timestamp)),
    );
    const head = partitionJsonHead(timestamp, DATASET.partition) + JSON.stringify(group.group);
    const cluster = JSON.stringify(group.cluster);
    const status = JSON.stringify(group.status);
    for (const p of group.partitions) {
      item(
        partitionDocumentId(group.cluster, group.group, p.topic, p.partition, at),
        partitionJson(head, cluster, status, p, offsets),
      );
    }
  }
  if (part.last)
    item(
      documentId(['cluster', report.cluster, at]),
      JSON.stringify(clusterDocument(report, timestamp)),
    );
  return out;
}
