// Where documents go. `daily`: one index per UTC day, `<prefix>-YYYY.MM.DD`, every one of
// them behind the alias `<prefix>` (the template adds it), written with `index` so a
// repeated _id overwrites. `data-stream`: the data stream `<prefix>`, written with
// `create` (what data streams take); a repeated _id is refused with 409, which means
// the document is already there.
import type { ElasticsearchSinkConfig } from './options.js';

export type IndexMode = ElasticsearchSinkConfig['indexMode'];

export function dailyIndex(prefix: string, takenAt: number): string {
  const day = new Date(takenAt).toISOString().slice(0, 10).replaceAll('-', '.');
  return `${prefix}-${day}`;
}

/** The index (or data stream) a document of `takenAt` is written to. */
export function targetIndex(mode: IndexMode, prefix: string, takenAt: number): string {
  return mode === 'data-stream' ? prefix : dailyIndex(prefix, takenAt);
}

/** The bulk action line of one document. */
export function bulkAction(mode: IndexMode, index: string, id: string): string {
  return `${bulkActionHead(mode, index)}${JSON.stringify(id)}}}`;
}

/** What every action line into `index` starts with, up to the document's id (its JSON, then `}}`, follow). */
export function bulkActionHead(mode: IndexMode, index: string): string {
  const op = mode === 'data-stream' ? 'create' : 'index';
  return `{"${op}":{"_index":${JSON.stringify(index)},"_id":`;
}

/** Index patterns the template covers. */
export function templatePatterns(mode: IndexMode, prefix: string): string[] {
  return mode === 'data-stream' ? [prefix] : [`${prefix}-*`];
}
