// The API listening: on `api.listen` (loopback by default), until close(). close() stops
// taking connections, lets requests in flight finish (each is bounded by the request
// timeout) and closes idle keep-alive connections.
import type { AddressInfo } from 'node:net';
import { splitHostPort } from '../config/index.js';
import { buildApi, type ApiOptions } from './app.js';

export interface RunningApi {
  /** `http(s)://host:port`, with the port actually bound (for `:0`). */
  readonly url: string;
  close(): Promise<void>;
}

export async function startApi(options: ApiOptions): Promise<RunningApi> {
  const listen = splitHostPort(options.config.api.listen);
  if (!listen) throw new Error(`api.listen: not host:port: ${options.config.api.listen}`);
  const app = buildApi(options);
  try {
    await app.listen({ host: listen.host, port: listen.port });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const scheme = options.config.api.tls === undefined ? 'http' : 'https';
  const url = `${scheme}://${hostPart}:${address.port}`;
  options.logger.info({ url }, 'api listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    close: () => (closing ??= app.close()),
  };
}
