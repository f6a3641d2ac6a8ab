// InfluxDB API v1: POST /write?db=&rp=&precision=ms with line protocol, for servers older
// than 1.8 (which have no /api/v2/write). Node's fetch; basic auth when a username is set.
import { ErrorCode } from '../../src/contract/errors.js';
import type { SinkOutcome } from '../../src/contract/sink.js';
import { checkOutcome } from '../delivery/check-outcome.js';
import { httpOutcome, networkOutcome } from '../delivery/http-outcome.js';
import { requestSignal } from '../delivery/request-signal.js';
import type { SendOutcome, Transport } from '../delivery/transport.js';
import type { ItemPart } from '../delivery/item-part.js';

export interface InfluxV1Target {
  readonly url: string;
  readonly database: string;
  readonly retentionPolicy?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly requestTimeoutMs: number;
}

export function v1WriteUrl(target: InfluxV1Target): string {
  const base = target.url.endsWith('/') ? target.url : `${target.url}/`;
  const url = new URL('write', base);
  url.searchParams.set('db', target.database);
  if (target.retentionPolicy !== undefined) url.searchParams.set('rp', target.retentionPolicy);
  url.searchParams.set('precision', 'ms');
  return url.toString();
}

export class InfluxV1Transport implements Transport {
  readonly #target: InfluxV1Target;
  readonly #url: string;
  readonly #headers: Record<string, string>;

  constructor(target: InfluxV1Target) {
    this.#target = target;
    this.#url = v1WriteUrl(target);
    this.#headers = { 'content-type': 'text/plain; charset=utf-8' };
    if (target.username !== undefined) {
      const credentials = `${target.username}:${target.password ?? ''}`;
      this.#headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
  }

  /** The part's bytes are the body: line protocol is an item a line. */
  async send(part: ItemPart, signal: AbortSignal): Promise<SendOutcome> {
    return this.#post(part.body, signal);
  }

  /** An empty write: 204 when the database exists and the user may write to it. */
  async check(signal: AbortSignal): Promise<SinkOutcome> {
    const outcome = await this.#post('', signal);
    const checked = checkOutcome(outcome, false);
    if (checked.kind === 'failed' && checked.code === ErrorCode.SINK_TARGET_MISSING) {
      return {
        ...checked,
        error: `database "${this.#target.database}" not found (${checked.error})`,
      };
    }
    if (checked.kind === 'failed' && checked.code === ErrorCode.SINK_UNAUTHORIZED) {
      return {
        ...checked,
        error: `credentials refused for database "${this.#target.database}" (${checked.error})`,
      };
    }
    if (checked.kind === 'retryable')
      return { ...checked, error: `${this.#target.url}: ${checked.error}` };
    return checked;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async #post(body: string | Buffer, outer: AbortSignal): Promise<SendOutcome> {
    const request = requestSignal(outer, this.#target.requestTimeoutMs);
    try {
      const res = await fetch(this.#url, {
        method: 'POST',
        headers: this.#headers,
        body,
        signal: request.signal,
      });
      const text = res.status === 204 ? '' : await res.text();
      return httpOutcome(res.status, text, res.headers.get('retry-after'));
    } catch (error) {
      return networkOutcome(error, request.timedOut());
    }
  }
}
