// An Elasticsearch aggregation answer read the way Grafana's Elasticsearch data source reads
// it (pkg/tsdb/elasticsearch, response_parser.go): down the bucket aggregations in the
// target's order, one row per innermost bucket, labelled with every outer bucket's key; a
// metric's value is `value`, `doc_count` for count. A bucket's label is its `key_as_string`
// when it has one (dates), else its key. A date histogram's buckets are the points of a
// series; a terms aggregation last gives the rows of a table.
import type { EsTarget } from './es-request.js';

export interface Row {
  /** Bucket keys by field (the date histogram's under its field, epoch ms). */
  readonly labels: Readonly<Record<string, string | number>>;
  /** Metric values by name: `<type> <field>` (`max lagwatch.lag.total`), or `count`. */
  readonly values: Readonly<Record<string, number | null>>;
}

type Bucket = Record<string, unknown> & {
  key?: string | number;
  key_as_string?: string;
  doc_count?: number;
};

function metricValues(target: EsTarget, bucket: Bucket): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const m of target.metrics) {
    if (m.hide === true) continue;
    if (m.type === 'count') {
      out.count = bucket.doc_count ?? null;
    } else {
      const v = (bucket[m.id] as { value?: number | null } | undefined)?.value;
      out[`${m.type} ${m.field ?? ''}`] = v ?? null;
    }
  }
  return out;
}

/** Every innermost bucket of the answer to `target`, as Grafana would make rows/points. */
export function rowsOf(target: EsTarget, aggregations: Record<string, unknown>): Row[] {
  const rows: Row[] = [];
  const walk = (level: Record<string, unknown>, depth: number, labels: Row['labels']): void => {
    const def = target.bucketAggs[depth]!;
    const buckets = (level[def.id] as { buckets?: Bucket[] } | undefined)?.buckets ?? [];
    for (const bucket of buckets) {
      const key = bucket.key_as_string ?? bucket.key ?? '';
      const next = { ...labels, [def.field]: key };
      if (depth === target.bucketAggs.length - 1) {
        rows.push({ labels: next, values: metricValues(target, bucket) });
      } else walk(bucket, depth + 1, next);
    }
  };
  walk(aggregations, 0, {});
  return rows;
}
