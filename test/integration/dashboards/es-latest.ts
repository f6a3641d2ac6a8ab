// What a Kibana Lens table with a terms row and last_value columns computes, as one
// Elasticsearch search: per value of the row field, the chosen fields of the latest document
// (sorted by @timestamp) among those the visualisation's query keeps.
import type { Client } from '@elastic/elasticsearch';

export async function latestByTerm(
  client: Client,
  index: string,
  filter: readonly object[],
  field: string,
  source: readonly string[],
): Promise<Map<string, unknown>> {
  const answer = await client.search({
    index,
    size: 0,
    query: { bool: { filter: [...filter] } },
    aggs: {
      terms: {
        terms: { field, size: 100 },
        aggs: {
          latest: { top_hits: { size: 1, sort: [{ '@timestamp': 'desc' }], _source: [...source] } },
        },
      },
    },
  });
  type Bucket = { key: string; latest: { hits: { hits: { _source: unknown }[] } } };
  const buckets = (answer.aggregations?.terms as { buckets: Bucket[] }).buckets;
  return new Map(buckets.map((b) => [b.key, b.latest.hits.hits[0]?._source]));
}
