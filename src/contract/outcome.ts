// What an operation that talks to a server reports instead of throwing: done, failed for
// good (an operator must fix something), or worth trying again later. Sinks, their
// transports, `setup` commands and (later) notifiers all speak it.
import type { ErrorCode } from './errors.js';

export type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'failed'; readonly code: ErrorCode; readonly error: string }
  | {
      readonly kind: 'retryable';
      readonly code: ErrorCode;
      readonly error: string;
      /**
       * When trying again makes sense, ms from now (a server's Retry-After, or a backoff);
       * null: no hint, the caller's own backoff decides.
       */
      readonly retryAfterMs: number | null;
    };

export const OK: Outcome = Object.freeze({ kind: 'ok' });
