// Reading a bulk response item by item: stored (2xx; 409 in data-stream mode, where it
// means the document is already there), to send again (429, 5xx), or rejected for good
// (any other status: a mapping conflict, a value out of range...) with ES's reason.
import type { SendOutcome } from '../delivery/transport.js';
import type { IndexMode } from './index-mode.js';

export interface BulkResponseItem {
  readonly status: number;
  readonly error?:
    | {
        readonly type?: string;
        readonly reason?: string | null;
        readonly caused_by?: { readonly type?: string; readonly reason?: string | null };
      }
    | undefined;
}

export interface BulkResponse {
  readonly errors: boolean;
  /** Each item is `{ <op>: { status, error? } }`, in the order sent. */
  readonly items?: readonly Partial<Record<string, BulkResponseItem>>[];
}

export function describeItemError(item: BulkResponseItem): string {
  const e = item.error;
  if (e === undefined) return `status ${item.status}`;
  const cause =
    e.caused_by === undefined ? '' : ` (${e.caused_by.type ?? ''}: ${e.caused_by.reason ?? ''})`;
  return `${e.type ?? 'error'}: ${e.reason ?? ''}${cause}`;
}

export function bulkOutcome(response: BulkResponse, sent: number, mode: IndexMode): SendOutcome {
  if (!response.errors) return { kind: 'ok' };
  const rejected: { index: number; reason: string }[] = [];
  const retry: number[] = [];
  let firstRetryError: string | null = null;
  const items = response.items ?? [];
  for (let i = 0; i < sent; i++) {
    const entry = items[i];
    const item = entry === undefined ? undefined : Object.values(entry)[0];
    if (item === undefined) {
      retry.push(i);
      continue;
    }
    const { status } = item;
    if ((status >= 200 && status < 300) || (status === 409 && mode === 'data-stream')) continue;
    if (status === 429 || status >= 500) {
      retry.push(i);
      firstRetryError ??= describeItemError(item);
    } else {
      rejected.push({ index: i, reason: describeItemError(item) });
    }
  }
  if (rejected.length === 0 && retry.length === 0) return { kind: 'ok' };
  return {
    kind: 'partial',
    rejected,
    retry,
    error:
      firstRetryError === null
        ? null
        : `${retry.length} documents to send again: ${firstRetryError}`,
    retryAfterMs: null,
  };
}
