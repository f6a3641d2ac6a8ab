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
 * As `sendOk`, with one payload key whose value is JSON already (kept by the read model),
 * so a large list is not serialized again per request. The value comes as UTF-8 bytes
 * (`EncodedJson`): the body is three Buffers copied into one, not a string of the whole
 * list built and encoded again per request (200 KB at 10,000 groups).
 */
export function sendOkJson(
  reply: FastifyReply,
  host: string,
  message: string,
  key: string,
  json: Buffer,
): FastifyReply {
  const head = Buffer.from(
    `${JSON.stringify({ error: false, message }).slice(0, -1)},${JSON.stringify(key)}:`,
  );
  const tail = Buffer.from(`,"request":${JSON.stringify(requestInfo(reply.request, host))}}`);
  const length = head.length + json.length + tail.length;
  return reply
    .code(200)
    .type(JSON_TYPE)
    .send(Buffer.concat([head, json, tail], length));
}

/**
 * A JSON text as UTF-8 bytes, encoded again only when the text handed in is another one
 * (the read model keeps its JSON until its data changes: one encoding per change, not per
 * request). Holds one text and its bytes.
 */
export class EncodedJson {
  #json: string | null = null;
  #bytes: Buffer = Buffer.alloc(0);

  bytes(json: string): Buffer {
    // Usually the very same string (a pointer compare); an equal new one is compared once.
    if (json !== this.#json) {
      this.#bytes = Buffer.from(json);
      this.#json = json;
    }
    return this.#bytes;
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
