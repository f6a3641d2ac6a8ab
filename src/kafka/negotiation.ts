// Which version of an API to speak with one broker: the highest both sides implement.
// A broker too old for every version implemented here gets null, and the caller takes
// the older path kafkajs speaks; an older broker is never a hard failure.
import type { BrokerConnection } from './broker-request.js';

export type BrokerVersions = NonNullable<BrokerConnection['versions']>;

export function negotiate(
  versions: BrokerVersions | null | undefined,
  api: { readonly apiKey: number; readonly minVersion: number; readonly maxVersion: number },
): number | null {
  const theirs = versions?.[api.apiKey];
  if (!theirs) return null;
  const highest = Math.min(theirs.maxVersion, api.maxVersion);
  const lowest = Math.max(theirs.minVersion, api.minVersion);
  return highest >= lowest ? highest : null;
}
