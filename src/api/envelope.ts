// Burrow's JSON envelope: every body has `error`, `message` and `request{url,host}`, where
// `url` is the request's path without its query string, percent-decoded (Go's r.URL.Path)
// and `host` the name of the machine that answers.
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendsGzip } from './accept-encoding.js';

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
 * zlib's fastest level: a kept body is compressed on the event loop once per change (0.6 ms
 * for the 150 KB list of 10,000 groups), and a list of names already shrinks four to six
 * times at it.
 */
const KEPT_GZIP_LEVEL = 1;

/**
 * A success body with one payload key whose value is JSON kept by the read model (a large
 * list, not serialized again per request), kept as bytes while that JSON and the request's
 * `url` and `host` stay the same: the read model keeps its JSON until its data changes, so
 * a body is built once per change, not per request. Built per request, the consumer list
 * was a new Buffer of 150 KB at 10,000 groups each time (7.5 MB a tick at five requests a
 * second), outside V8's heap. Holds one body, and its gzip once a client has asked for one.
 */
export class KeptOkBody {
  readonly #head: Buffer;
  #json: string | null = null;
  #url: string | null = null;
  #host: string | null = null;
  #body: Buffer = Buffer.alloc(0);
  /** #body gzipped, made for the first client that accepts gzip after it changed. */
  #gzip: Buffer | null = null;

  /** `message` and `key` as `sendOk` would send them. */
  constructor(message: string, key: string) {
    this.#head = Buffer.from(
      `${JSON.stringify({ error: false, message }).slice(0, -1)},${JSON.stringify(key)}:`,
    );
  }

  /**
   * Sends `{error, message, <key>: <json>, request}` with 200, gzipped to a client that
   * accepts gzip (from GZIP_MIN_BYTES on). Go's HTTP client asks for gzip unless told not to
   * (Telegraf's burrow input, burrow_exporter), as browsers do: at 10,000 groups the
   * consumer list is 23 KB instead of 150 KB on the network. (It saves no CPU that
   * bench/service could measure: a reply's socket write costs about the same whatever its
   * size.) Compressed once per change, like the body.
   */
  send(reply: FastifyReply, host: string, json: string): FastifyReply {
    const request = requestInfo(reply.request, host);
    // Usually the very same string (a pointer compare); an equal new one is compared once.
    if (json !== this.#json || request.url !== this.#url || request.host !== this.#host) {
      const tail = Buffer.from(`,"request":${JSON.stringify(request)}}`);
      this.#body = Buffer.concat([this.#head, Buffer.from(json), tail]);
      this.#gzip = null;
      this.#json = json;
      this.#url = request.url;
      this.#host = request.host;
    }
    reply.code(200).type(JSON_TYPE).header('vary', 'accept-encoding');
    if (sendsGzip(this.#body.length, reply.request.headers['accept-encoding'])) {
      this.#gzip ??= gzipSync(this.#body, { level: KEPT_GZIP_LEVEL });
      return reply.header('content-encoding', 'gzip').send(this.#gzip);
    }
    return reply.send(this.#body);
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
