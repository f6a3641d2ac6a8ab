// One Kafka API as this code speaks it: its key, the versions implemented here, and how a
// request body is written and a response body read at a given version. Framing follows
// KIP-482: a flexible version sends request header v2 and reads response header v1 (each
// the older header plus a tagged-field section) — except ApiVersions, whose response
// keeps header v0 so that a client can read it before it knows what the broker speaks.
import { Reader, Writer } from './wire.js';
import type { WireNames } from './wire-names.js';

export interface KafkaApi<Request, Response> {
  readonly apiKey: number;
  readonly name: string;
  /** The versions implemented here (inclusive). */
  readonly minVersion: number;
  readonly maxVersion: number;
  /** The first flexible version of this API. */
  readonly flexibleFrom: number;
  /** True for ApiVersions: its response header never has tagged fields. */
  readonly responseHeaderV0?: boolean;
  encode(writer: Writer, version: number, request: Request): void;
  decode(reader: Reader, version: number): Response;
}

export function isFlexible(api: { readonly flexibleFrom: number }, version: number): boolean {
  return version >= api.flexibleFrom;
}

/**
 * The request header's fields (api key, version, correlation id, client id as a classic
 * nullable string), then, for flexible versions, the header's empty tagged-field section.
 */
export function encodeRequestHeader(
  api: { readonly apiKey: number; readonly flexibleFrom: number },
  version: number,
  correlationId: number,
  clientId: string | null,
): Buffer {
  const writer = new Writer().int16(api.apiKey).int16(version).int32(correlationId);
  writer.string(clientId);
  if (isFlexible(api, version)) writer.noTaggedFields();
  return writer.bytes();
}

/**
 * What follows the classic header part (v1) that kafkajs writes itself: for flexible
 * versions the header's tagged-field section (header v2), then the body.
 */
export function encodeAfterHeaderV1<Request>(
  api: KafkaApi<Request, unknown>,
  version: number,
  request: Request,
): Buffer {
  const writer = new Writer();
  if (isFlexible(api, version)) writer.noTaggedFields();
  api.encode(writer, version, request);
  return writer.bytes();
}

/** A whole request frame (size, header, body): what goes on the socket. */
export function encodeRequestFrame<Request>(
  api: KafkaApi<Request, unknown>,
  version: number,
  correlationId: number,
  clientId: string | null,
  request: Request,
): Buffer {
  const header = encodeRequestHeader(api, version, correlationId, clientId);
  const body = new Writer();
  api.encode(body, version, request);
  const payload = Buffer.concat([header, body.bytes()]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

/** A response after its correlation id (which kafkajs has read to match the request). */
export function decodeAfterCorrelationId<Response>(
  api: KafkaApi<unknown, Response>,
  version: number,
  payload: Buffer,
  names: WireNames | null = null,
): Response {
  const reader = new Reader(payload, names);
  if (isFlexible(api, version) && !api.responseHeaderV0) reader.skipTaggedFields();
  return api.decode(reader, version);
}

/** Writes a compact or classic string by the version's flavour. */
export function writeString(writer: Writer, flexible: boolean, value: string | null): void {
  if (flexible) writer.compactString(value);
  else writer.string(value);
}

export function readString(reader: Reader, flexible: boolean): string | null {
  return flexible ? reader.compactString() : reader.string();
}

export function writeArray<T>(
  writer: Writer,
  flexible: boolean,
  items: readonly T[] | null,
  write: (item: T) => void,
): void {
  if (flexible) writer.compactArray(items, write);
  else writer.array(items, write);
}

export function readArray<T>(reader: Reader, flexible: boolean, read: () => T): T[] {
  return (flexible ? reader.compactArray(read) : reader.array(read)) ?? [];
}
