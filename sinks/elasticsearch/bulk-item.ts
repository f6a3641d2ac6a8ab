// One document as one line of text for the shared delivery and the spool:
// `<index> <_id> <document JSON>`. Index names and ids hold no spaces, and JSON.stringify
// escapes every newline, so the line is one line.
import type { EvaluationReport } from '../../src/contract/report.js';
import { documentId } from './document-id.js';
import { reportDocuments } from './documents.js';
import { targetIndex } from './index-mode.js';
import type { IndexMode } from './index-mode.js';

export interface BulkItem {
  readonly index: string;
  readonly id: string;
  /** The document, as JSON. */
  readonly source: string;
}

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

export function reportBulkItems(
  report: EvaluationReport,
  mode: IndexMode,
  prefix: string,
): string[] {
  const index = targetIndex(mode, prefix, report.takenAt);
  return reportDocuments(report).map(({ key, doc }) =>
    encodeBulkItem({ index, id: documentId(key), source: JSON.stringify(doc) }),
  );
}
