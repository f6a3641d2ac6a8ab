// Deterministic document ids: the same evaluation always gets the same _id (kind, cluster,
// group, topic, partition, the report's time), so a batch sent again after a timeout or
// replayed from the spool overwrites itself instead of adding a copy. Hashed, so that
// any group or topic name gives a short id of safe characters. A partition's id is its
// topic's hash (the group's partitions of one topic share it) and its number: one hash per
// topic of a group rather than one per partition, a tenth of the bulk encoder's time.
import crypto from 'node:crypto';

/** Node's one-shot hash (20.12+), several times cheaper per id than a Hash object. */
const oneShot = (
  crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }
).hash;

export function documentId(key: readonly (string | number)[]): string {
  const text = JSON.stringify(key);
  const digest = oneShot
    ? oneShot('sha256', text, 'base64url')
    : crypto.createHash('sha256').update(text).digest('base64url');
  return digest.slice(0, 32);
}

/**
 * A partition document's id: documentId of `["partition", cluster, group, topic, takenAt]`,
 * a dash, and the partition's number.
 */
export function partitionDocumentId(
  cluster: string,
  group: string,
  topic: string,
  partition: number,
  takenAt: number,
): string {
  return `${documentId(['partition', cluster, group, topic, takenAt])}-${partition}`;
}
