// Burrow's JSON envelope: every body has `error`, `message` and `request{url,host}`, where
// `url` is the request's path without its query string, percent-decoded (Go's r.URL.Path)
// and `host` the name of the machine that answers.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface RequestInfo {
  readonly url: string;
  readonly host: string;
}

/** Burrow's literal body for a path it has no route for (sent with 404). */
export const INVALID_REQUEST_BODY = '{"error":true,"message":"invalid request type","result":{}}\n';

export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The path of a raw request URL, decoded where it can be, as Go's r.URL.Path; without a
 * trailing slash, as Burrow reports it after its router's redirect.
 */
export function requestPath(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  let path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // malformed percent-encoding: the path as sent
  }
}

export function requestInfo(request: FastifyRequest, host: string): RequestInfo {
  return { url: requestPath(request.url), host };
}

/** A success (or NOTFOUND) body: `error:false`, the message, the payload, then `request`. */
export function sendOk(
  reply: FastifyReply,
  host: string,
  message: string,
  payload: Record<string, unknown>,
  code = 200,
): FastifyReply {
  return reply
    .code(code)
    .type(JSON_TYPE)
    .send({ error: false, message, ...payload, request: requestInfo(reply.request, host) });
}

/**
 * A success body with one payload key whose value is JSON kept by the read model (a large
 * list, not serialized again per request), kept as bytes while that JSON and the request's
 * `url` and `host` stay the same: the read model keeps its JSON until its data changes, so
 * a body is built once per change, not per request. Built per request, the consumer list
 * was a new Buffer of 150 KB at 10,000 groups each time (7.5 MB a tick at five requests a
 * second), outside V8's heap. Holds one body.
 */
export class KeptOkBody {
  readonly #head: Buffer;
  #json: string | null = null;
  #url: string | null = null;
  #host: string | null = null;
  #body: Buffer = Buffer.alloc(0);

  /** `message` and `key` as `sendOk` would send them. */
  constructor(message: string, key: string) {
    this.#head = Buffer.from(
      `${JSON.stringify({ error: false, message }).slice(0, -1)},${JSON.stringify(key)}:`,
    );
  }

  /** Sends `{error, message, <key>: <json>, request}` with 200. */
  send(reply: FastifyReply, host: string, json: string): FastifyReply {
    const request = requestInfo(reply.request, host);
    // Usually the very same string (a pointer compare); an equal new one is compared once.
    if (json !== this.#json || request.url !== this.#url || request.host !== this.#host) {
      const tail = Buffer.from(`,"request":${JSON.stringify(request)}}`);
      this.#body = Buffer.concat([this.#head, Buffer.from(json), tail]);
      this.#json = json;
      this.#url = request.url;
      this.#host = request.host;
    }
    return reply.code(200).type(JSON_TYPE).send(this.#body);
  }
}

/** Burrow's error body: `{"error":true,"message":...,"request":{...}}`. */
export function sendError(
  reply: FastifyReply,
  host: string,
  code: number,
  message: string,
): FastifyReply {
  return reply
    .code(code)
    .type(JSON_TYPE)
    .send({ error: true, message, request: requestInfo(reply.request, host) });
}

export function sendInvalidRequest(reply: FastifyReply): FastifyReply {
  return reply.code(404).type(JSON_TYPE).send(INVALID_REQUEST_BODY);
}
