// Elasticsearch document ids made the plain way, for the tests that hold the encoders'
// ids to them: a sha256 Hash object over the key's JSON (sinks/elasticsearch/document-id.ts
// says how ids are made).
import { createHash } from 'node:crypto';

const hash = (key: readonly (string | number)[]): string =>
  createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 32);

/**
 * The id of the document whose key (reportDocuments) is `key`: the hash of the key, or for
 * a partition the hash of its key without the partition's number, a dash and that number.
 */
export function referenceDocumentId(key: readonly (string | number)[]): string {
  if (key[0] !== 'partition') return hash(key);
  const [kind, cluster, group, topic, partition, takenAt] = key;
  return `${hash([kind, cluster!, group!, topic!, takenAt!])}-${partition}`;
}
