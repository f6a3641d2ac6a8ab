// ListGroups (key 16) v3–v5: every group a broker coordinates, with its state (v4+) and
// its type (v5+: classic, consumer, share, streams). Empty filters ask for all groups.
import { type KafkaApi } from './api.js';

export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  /** Null when the broker's version does not say (v3). */
  readonly state: string | null;
  /** Null when the broker's version does not say (v3, v4). */
  readonly type: string | null;
}

export interface ListGroupsResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly groups: ListedGroup[];
}

export const ListGroups: KafkaApi<Record<string, never>, ListGroupsResponse> = {
  apiKey: 16,
  name: 'ListGroups',
  minVersion: 3,
  maxVersion: 5,
  flexibleFrom: 3,
  encode(writer, version) {
    if (version >= 4) writer.compactArray([], () => undefined); // states filter
    if (version >= 5) writer.compactArray([], () => undefined); // types filter
    writer.noTaggedFields();
  },
  decode(reader, version) {
    const throttleTimeMs = reader.int32();
    const errorCode = reader.int16();
    const groups =
      reader.compactArray(() => {
        const group = {
          groupId: reader.compactName() ?? '',
          protocolType: reader.compactName() ?? '',
          state: version >= 4 ? reader.compactName() : null,
          type: version >= 5 ? reader.compactName() : null,
        };
        reader.skipTaggedFields();
        return group;
      }) ?? [];
    reader.skipTaggedFields();
    return { throttleTimeMs, errorCode, groups };
  },
};
