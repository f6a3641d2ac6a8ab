// What a transport's answer to a probe (an empty write, a health request) means at start:
// credentials refused or a missing target are configuration errors an operator must fix;
// an unreachable server is retryable (the sink starts anyway and keeps what it gets).
import { OK } from '../../src/contract/sink.js';
import type { SinkOutcome } from '../../src/contract/sink.js';
import type { SendOutcome } from './transport.js';

export function checkOutcome(outcome: SendOutcome, refusedIsOk: boolean): SinkOutcome {
  switch (outcome.kind) {
    case 'ok':
    case 'partial':
      return OK;
    case 'failed':
      return refusedIsOk ? OK : { kind: 'failed', code: outcome.code, error: outcome.error };
    case 'retryable':
      return outcome.blocked
        ? { kind: 'failed', code: outcome.code, error: outcome.error }
        : {
            kind: 'retryable',
            code: outcome.code,
            error: outcome.error,
            retryAfterMs: outcome.retryAfterMs,
          };
  }
}
