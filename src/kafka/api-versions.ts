// ApiVersions (key 18): which versions of which APIs a broker speaks. Versions 0–3; the
// response header is v0 at every version (KIP-511), so a broker can answer a client it
// does not understand yet.
import { isFlexible, readArray, writeString, type KafkaApi } from './api.js';

export interface ApiVersionsRequest {
  readonly clientSoftwareName: string;
  readonly clientSoftwareVersion: string;
}

export interface ApiVersionRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

export interface ApiVersionsResponse {
  readonly errorCode: number;
  readonly apiKeys: ApiVersionRange[];
  readonly throttleTimeMs: number;
}

export const ApiVersions: KafkaApi<ApiVersionsRequest, ApiVersionsResponse> = {
  apiKey: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  responseHeaderV0: true,
  encode(writer, version, request) {
    if (!isFlexible(this, version)) return; // v0–v2 have an empty body
    writeString(writer, true, request.clientSoftwareName);
    writeString(writer, true, request.clientSoftwareVersion);
    writer.noTaggedFields();
  },
  decode(reader, version) {
    const flexible = isFlexible(this, version);
    const errorCode = reader.int16();
    const apiKeys = readArray(reader, flexible, () => {
      const range = {
        apiKey: reader.int16(),
        minVersion: reader.int16(),
        maxVersion: reader.int16(),
      };
      if (flexible) reader.skipTaggedFields();
      return range;
    });
    const throttleTimeMs = version >= 1 ? reader.int32() : 0;
    if (flexible) reader.skipTaggedFields();
    return { errorCode, apiKeys, throttleTimeMs };
  },
};
