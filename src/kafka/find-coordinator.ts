// FindCoordinator (key 10) v4–v6: many group keys in one request (KIP-699), one result
// with its own error per key. v5 and v6 only add error codes and key types, not fields.
import { readArray, type KafkaApi } from './api.js';

export const COORDINATOR_KEY_GROUP = 0;

export interface FindCoordinatorRequest {
  readonly keyType: number;
  readonly keys: readonly string[];
}

export interface CoordinatorResult {
  readonly key: string;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  readonly throttleTimeMs: number;
  readonly coordinators: CoordinatorResult[];
}

export const FindCoordinator: KafkaApi<FindCoordinatorRequest, FindCoordinatorResponse> = {
  apiKey: 10,
  name: 'FindCoordinator',
  minVersion: 4,
  maxVersion: 6,
  flexibleFrom: 3,
  encode(writer, _version, request) {
    writer.int8(request.keyType);
    writer.compactArray(request.keys, (key) => writer.compactString(key));
    writer.noTaggedFields();
  },
  decode(reader) {
    const throttleTimeMs = reader.int32();
    const coordinators = readArray(reader, true, () => {
      const result = {
        key: reader.compactString() ?? '',
        nodeId: reader.int32(),
        host: reader.compactString() ?? '',
        port: reader.int32(),
        errorCode: reader.int16(),
        errorMessage: reader.compactString(),
      };
      reader.skipTaggedFields();
      return result;
    });
    reader.skipTaggedFields();
    return { throttleTimeMs, coordinators };
  },
};
