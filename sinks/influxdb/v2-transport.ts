// InfluxDB API v2: POST /api/v2/write?org=&bucket=&precision=ms through
// @influxdata/influxdb-client's transport (token auth, TLS and proxies as the client
// does them), which serves InfluxDB 2.x, 3.x and 1.8+. The client's own batching and
// retries are not used: the shared delivery does both.
import type { InfluxDB } from '@influxdata/influxdb-client';
import { ErrorCode } from '../../src/contract/errors.js';
import type { SinkOutcome } from '../../src/contract/sink.js';
import { checkOutcome } from '../delivery/check-outcome.js';
import { httpOutcome, networkOutcome } from '../delivery/http-outcome.js';
import { requestSignal } from '../delivery/request-signal.js';
import type { SendOutcome, Transport } from '../delivery/transport.js';
import { influxLibrary } from './influx-library.js';
import type { ItemPart } from '../delivery/item-part.js';

export interface InfluxV2Target {
  readonly url: string;
  readonly org: string;
  readonly bucket: string;
  readonly token: string;
  readonly requestTimeoutMs: number;
}

export function v2WritePath(target: Pick<InfluxV2Target, 'org' | 'bucket'>): string {
  const query = new URLSearchParams({ org: target.org, bucket: target.bucket, precision: 'ms' });
  return `/api/v2/write?${query.toString()}`;
}

function header(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const value = (headers as Record<string, unknown>)[name];
  return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
}

export class InfluxV2Transport implements Transport {
  readonly #target: InfluxV2Target;
  readonly #client: InfluxDB;
  readonly #path: string;

  constructor(target: InfluxV2Target) {
    this.#target = target;
    this.#client = new (influxLibrary().InfluxDB)({
      url: target.url,
      token: target.token,
      timeout: target.requestTimeoutMs,
    });
    this.#path = v2WritePath(target);
  }

  /**
   * The part's bytes are the body (line protocol is an item a line), as a string: the
   * client sends a string as UTF-8 and anything else as JSON.
   */
  send(part: ItemPart, signal: AbortSignal): Promise<SendOutcome> {
    return this.#post(part.body.toString('utf8'), signal);
  }

  /** An empty write: the org and bucket exist and the token may write to them. */
  async check(signal: AbortSignal): Promise<SinkOutcome> {
    const checked = checkOutcome(await this.#post('', signal), true);
    const where = `org "${this.#target.org}", bucket "${this.#target.bucket}"`;
    if (checked.kind === 'failed' && checked.code === ErrorCode.SINK_TARGET_MISSING) {
      return { ...checked, error: `${where} not found (${checked.error})` };
    }
    if (checked.kind === 'failed' && checked.code === ErrorCode.SINK_UNAUTHORIZED) {
      return { ...checked, error: `the token may not write to ${where} (${checked.error})` };
    }
    if (checked.kind === 'retryable')
      return { ...checked, error: `${this.#target.url}: ${checked.error}` };
    return checked;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async #post(body: string, outer: AbortSignal): Promise<SendOutcome> {
    const request = requestSignal(outer, this.#target.requestTimeoutMs);
    try {
      await this.#client.transport.request(this.#path, body, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: request.signal,
      });
      return { kind: 'ok' };
    } catch (error) {
      const { HttpError, RequestTimedOutError } = influxLibrary();
      if (error instanceof HttpError) {
        return httpOutcome(
          error.statusCode,
          error.body ?? '',
          header(error.headers, 'retry-after'),
        );
      }
      return networkOutcome(error, request.timedOut() || error instanceof RequestTimedOutError);
    }
  }
}
