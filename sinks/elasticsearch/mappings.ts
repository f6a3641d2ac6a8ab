// The explicit mapping of every field lagwatch writes (SCHEMA.md). `dynamic: strict`: a
// field not listed here is refused, so nothing is ever guessed by Elasticsearch.
const keyword = { type: 'keyword' } as const;
const long = { type: 'long' } as const;
const integer = { type: 'integer' } as const;
const double = { type: 'double' } as const;
const date = { type: 'date' } as const;

const windowSample = { properties: { offset: long, timestamp: date, lag: long } };

export const LAGWATCH_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    '@timestamp': date,
    event: { properties: { dataset: keyword, module: keyword, kind: keyword } },
    kafka: {
      properties: {
        consumergroup: {
          properties: {
            id: keyword,
            consumer_lag: long,
            offset: long,
            client: { properties: { host: keyword, id: keyword } },
          },
        },
        topic: { properties: { name: keyword } },
        partition: {
          properties: { id: integer, offset: { properties: { newest: long, oldest: long } } },
        },
      },
    },
    lagwatch: {
      properties: {
        cluster: keyword,
        status: keyword,
        status_code: { type: 'byte' },
        reason: keyword,
        reason_text: { type: 'text' },
        // The numbers behind the reason differ per reason: kept in _source, not indexed.
        reason_detail: { type: 'object', enabled: false },
        complete: double,
        partition_count: integer,
        members: integer,
        state: keyword,
        // Group documents: classic, consumer or other (template version 3).
        group_type: keyword,
        messages_lost: long,
        // Cluster documents: lagwatch's own health per tick.
        available: { type: 'byte' },
        fault_code: keyword,
        tick_duration_ms: long,
        group_count: integer,
        lag: {
          properties: {
            total: long,
            max: long,
            max_seconds: double,
            max_topic: keyword,
            max_partition: integer,
            seconds: double,
            catch_up_seconds: double,
          },
        },
        group: { properties: { status: keyword } },
        window: { properties: { start: windowSample, end: windowSample } },
      },
    },
  },
} as const;
