// Deterministic document ids: the same evaluation always gets the same _id (kind, cluster,
// group, topic, partition, the report's time), so a batch sent again after a timeout or
// replayed from the spool overwrites itself instead of adding a copy. Hashed, so that
// any group or topic name gives a short id of safe characters.
import { createHash } from 'node:crypto';

export function documentId(key: readonly (string | number)[]): string {
  return createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 32);
}
