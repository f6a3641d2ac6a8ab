// Raw HTTP over a real socket, for what inject() cannot show: bytes Node's parser refuses,
// requests cut short, CONNECT, and whether a connection got any answer before it closed.
import { connect } from 'node:net';
import { startApi, type RunningApi } from '../../../src/api/server.js';
import { apiOptionsOf, fixture, testConfig } from './fixtures.js';

/** The fixture's API listening on a loopback port, with a short request timeout. */
export function startTestApi(requestTimeoutMs: number): Promise<RunningApi> {
  const f = fixture({
    config: testConfig(`{ listen: '127.0.0.1:0', requestTimeoutMs: ${requestTimeoutMs} }`),
  });
  return startApi(apiOptionsOf(f));
}

export interface RawAnswer {
  /** The status of the first response line; null when the server closed without one. */
  readonly status: number | null;
  readonly headers: string;
  readonly body: string;
  readonly closedAfterMs: number;
}

/**
 * Connects, writes `request` (never ending our side, so a cut-short request stays
 * pending) and resolves once the server closed the connection, or after `giveUpMs`.
 */
export function sendRaw(
  url: string,
  request: Buffer | string,
  giveUpMs = 10_000,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined); // a reset after the answer is still an answer
    socket.on('close', () => {
      clearTimeout(giveUp);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
      const split = text.indexOf('\r\n\r\n');
      resolve({
        status: status === undefined ? null : Number(status),
        headers: split < 0 ? text : text.slice(0, split),
        body: split < 0 ? '' : text.slice(split + 4),
        closedAfterMs: Date.now() - started,
      });
    });
    socket.on('connect', () => {
      if (request.length > 0) socket.write(request);
    });
  });
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
