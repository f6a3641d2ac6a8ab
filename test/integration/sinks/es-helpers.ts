// Elasticsearch read-back for the sink tests: every document of an index pattern, and
// cleanup of what a test created.
import { Client } from '@elastic/elasticsearch';
import { env, retrying } from './helpers.js';

export function esClient(): Client {
  return new Client({ node: env.elasticsearchUrl });
}

export interface Hit {
  readonly id: string;
  readonly index: string;
  readonly source: unknown;
}

/** Every document of `index` (refreshed first), at most 10,000. */
export async function allDocuments(client: Client, index: string, query?: object): Promise<Hit[]> {
  return retrying(`search ${index}`, async () => {
    await client.indices.refresh({ index });
    const found = await client.search({
      index,
      size: 10_000,
      query: query ?? { match_all: {} },
      track_total_hits: true,
    });
    return found.hits.hits.map((h) => ({ id: h._id!, index: h._index, source: h._source }));
  });
}

export async function removePrefix(client: Client, prefix: string): Promise<void> {
  await client.indices
    .delete({ index: `${prefix}-*`, allow_no_indices: true })
    .catch(() => undefined);
  await client.indices.deleteIndexTemplate({ name: prefix }).catch(() => undefined);
}
