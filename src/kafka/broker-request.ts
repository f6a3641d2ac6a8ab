// Sends one of our own encoded requests over a kafkajs broker connection: kafkajs keeps
// the socket, TLS, SASL, correlation ids and timeouts; the request's bytes and the
// response's decoding are ours (api.ts). kafkajs writes request header v1 itself and
// hands back what follows the correlation id, so encodeAfterHeaderV1 and
// decodeAfterCorrelationId fill in the rest. kafkajs is pinned (package.json): the
// shapes below are those of 2.2.4's src/broker and src/network.
import { decodeAfterCorrelationId, encodeAfterHeaderV1, type KafkaApi } from './api.js';
import type { WireNames } from './wire-names.js';

/** kafkajs' protocol request: what Connection#send takes. */
interface KafkajsProtocolRequest {
  request: {
    apiKey: number;
    apiVersion: number;
    apiName: string;
    encode: () => Promise<{ buf: Buffer; buffer: Buffer }>;
  };
  response: {
    decode: (payload: Buffer) => Promise<unknown>;
    parse: (data: unknown) => Promise<unknown>;
  };
}

/** The parts of kafkajs' internal Broker used to send our own requests. */
export interface BrokerConnection {
  /** What the broker answered to kafkajs' ApiVersions at connect: apiKey -> range. */
  versions?: Record<number, { minVersion: number; maxVersion: number }> | null;
  connectionPool?: { send(request: KafkajsProtocolRequest): Promise<unknown> };
}

/** Counts what is sent, by API, so a tick can report its round trips. */
export interface RequestCounter {
  requests: number;
  readonly byApi: Record<string, number>;
}

export function countRequest(counter: RequestCounter, apiName: string): void {
  counter.requests++;
  counter.byApi[apiName] = (counter.byApi[apiName] ?? 0) + 1;
}

/** The broker's own send, which also drops a connection the broker closed. */
function sendOf(broker: BrokerConnection): (request: KafkajsProtocolRequest) => Promise<unknown> {
  const symbol = Object.getOwnPropertySymbols(Object.getPrototypeOf(broker) ?? {}).find(
    (s) => s.description === 'private:Broker:sendRequest',
  );
  const own = symbol ? (broker as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof own === 'function')
    return (own as (r: KafkajsProtocolRequest) => Promise<unknown>).bind(broker);
  const pool = broker.connectionPool;
  if (!pool) throw new Error('kafkajs internals changed: a broker without a connection pool');
  return (request) => pool.send(request);
}

/**
 * One request at a version both sides speak (see negotiation.ts). Never sent once
 * `signal` is aborted: the tick that asked for it is over. `names`: the client's names read
 * before, which the answer's names are read as (wire-names.ts).
 */
export async function sendRequest<Request, Response>(
  broker: BrokerConnection,
  api: KafkaApi<Request, Response>,
  version: number,
  request: Request,
  counter: RequestCounter,
  signal?: AbortSignal,
  names?: WireNames,
): Promise<Response> {
  signal?.throwIfAborted();
  const send = sendOf(broker);
  countRequest(counter, api.name);
  const response = await send({
    request: {
      apiKey: api.apiKey,
      apiVersion: version,
      apiName: api.name,
      encode: () => {
        const bytes = encodeAfterHeaderV1(api, version, request);
        return Promise.resolve({ buf: bytes, buffer: bytes });
      },
    },
    response: {
      decode: (payload) =>
        Promise.resolve(decodeAfterCorrelationId(api, version, payload, names ?? null)),
      parse: (data) => Promise.resolve(data),
    },
  });
  return response as Response;
}
