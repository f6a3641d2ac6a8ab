// The Elasticsearch request Grafana's Elasticsearch data source sends for one dashboard
// target, so tests can send it to a real Elasticsearch without Grafana. It follows Grafana's
// backend (pkg/tsdb/elasticsearch, data_query.go): one `_msearch` pair per target, `size: 0`,
// a bool filter of the time range (epoch_millis) and the Lucene query as `query_string`
// (analyze_wildcard); the bucket aggregations nested in their order, the metrics inside the
// innermost one; `date_histogram` with `fixed_interval` ($__interval_ms for "auto"),
// `min_doc_count` and `extended_bounds` of the range; `terms` with size (absent or 0: 500),
// order by `_key`/`_count` or by a metric (that metric then also inside the terms; without
// orderBy no order, Elasticsearch's default) and `missing`; `count` sends nothing, the
// others `{type: {field}}`. Variables are Lucene-formatted as Grafana's template service
// does: one value escaped, several as ("a" OR "b"). Only what lagwatch's dashboards use is
// here; anything else is refused so a new kind of target gets a translation first.

export interface EsMetric {
  readonly id: string;
  readonly type: string;
  readonly field?: string;
  readonly hide?: boolean;
}

export interface EsBucketAgg {
  readonly id: string;
  readonly type: string;
  readonly field: string;
  readonly settings?: Readonly<Record<string, string>>;
}

export interface EsTarget {
  readonly refId: string;
  readonly query?: string;
  readonly alias?: string;
  readonly metrics: readonly EsMetric[];
  readonly bucketAggs: readonly EsBucketAgg[];
  readonly timeField?: string;
}

/** A query variable of the Elasticsearch data source: `{"find": "terms", ...}`. */
export interface EsTermsVariableQuery {
  readonly find: 'terms';
  readonly field: string;
  readonly query?: string;
}

export interface RequestContext {
  readonly timeField: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly intervalMs: number;
  /** Selected values by variable name: a string for single-value variables. */
  readonly variables: Readonly<Record<string, string | readonly string[]>>;
}

type Json = Record<string, unknown>;

const DEFAULT_TERMS_SIZE = 500;

/** Grafana's Lucene escaping of one value. */
export function luceneEscape(value: string): string {
  return value.replace(/([!*+\-=<>\s&|()[\]{}^~?:\\/"])/g, '\\$1');
}

/** Grafana's `lucene` format: one value escaped, several quoted and joined with OR. */
export function luceneValue(value: string | readonly string[]): string {
  if (typeof value === 'string') return luceneEscape(value);
  if (value.length === 0) return '__empty__';
  return `(${value.map((v) => `"${luceneEscape(v)}"`).join(' OR ')})`;
}

/** `$name` replaced by its Lucene value; an unknown variable is an error. */
export function interpolateLucene(query: string, variables: RequestContext['variables']): string {
  return query.replace(/\$(\w+)/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`unknown variable $${name} in ${query}`);
    return luceneValue(value);
  });
}

function timeFilter(ctx: RequestContext, query: string): Json {
  const filter: Json[] = [
    { range: { [ctx.timeField]: { gte: ctx.fromMs, lte: ctx.toMs, format: 'epoch_millis' } } },
  ];
  if (query.trim() !== '' && query.trim() !== '*')
    filter.push({ query_string: { analyze_wildcard: true, query } });
  return { bool: { filter } };
}

// Elasticsearch's own (non-X-Pack) metric aggregations: what lagwatch's dashboards use, so
// they work on any Elasticsearch (and on the stack's node, which has no X-Pack).
const METRIC_TYPES = new Set(['max', 'min', 'avg', 'sum']);

function metricAgg(m: EsMetric): Json {
  if (!METRIC_TYPES.has(m.type)) throw new Error(`metric type ${m.type} is not translated`);
  return { [m.type]: { field: m.field } };
}

function int(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isNaN(n) || n === 0 ? fallback : n;
}

function bucketAgg(
  b: EsBucketAgg,
  target: EsTarget,
  ctx: RequestContext,
): { agg: Json; children: Json } {
  const s = b.settings ?? {};
  const children: Json = {};
  if (b.type === 'date_histogram') {
    const interval = s.interval ?? 'auto';
    return {
      agg: {
        date_histogram: {
          field: b.field || ctx.timeField,
          fixed_interval: interval === 'auto' ? `${ctx.intervalMs}ms` : interval,
          min_doc_count: int(s.min_doc_count, 0),
          extended_bounds: { min: ctx.fromMs, max: ctx.toMs },
          format: 'epoch_millis',
        },
      },
      children,
    };
  }
  if (b.type !== 'terms') throw new Error(`bucket aggregation ${b.type}`);
  const terms: Json = { field: b.field, size: int(s.size, DEFAULT_TERMS_SIZE) };
  if (s.min_doc_count !== undefined) terms.min_doc_count = int(s.min_doc_count, 0);
  if (s.missing !== undefined) terms.missing = s.missing;
  const orderBy = s.orderBy;
  if (orderBy !== undefined) {
    const metric = /^\d+$/.test(orderBy) ? target.metrics.find((m) => m.id === orderBy) : undefined;
    if (metric?.type === 'count') terms.order = { _count: s.order ?? 'desc' };
    else if (metric) {
      terms.order = { [orderBy]: s.order ?? 'desc' };
      children[metric.id] = metricAgg(metric);
    } else terms.order = { [orderBy]: s.order ?? 'desc' };
  }
  return { agg: { terms }, children };
}

/** The search body Grafana sends for a metric target (the second line of its _msearch pair). */
export function searchBody(target: EsTarget, ctx: RequestContext): Json {
  if (target.bucketAggs.length === 0) throw new Error(`${target.refId}: no bucket aggregation`);
  const aggs: Json = {};
  let level = aggs;
  for (const b of target.bucketAggs) {
    const { agg, children } = bucketAgg(b, target, ctx);
    level[b.id] = { ...agg, aggs: children };
    level = children;
  }
  for (const m of target.metrics) if (m.type !== 'count') level[m.id] = metricAgg(m);
  return {
    size: 0,
    query: timeFilter(ctx, interpolateLucene(target.query ?? '', ctx.variables)),
    aggs,
  };
}

/** What Grafana's Elasticsearch data source sends for a terms variable. */
export function termsVariableBody(v: EsTermsVariableQuery, ctx: RequestContext): Json {
  return {
    size: 0,
    query: timeFilter(ctx, interpolateLucene(v.query ?? '', ctx.variables)),
    aggs: { '1': { terms: { field: v.field, size: DEFAULT_TERMS_SIZE, order: { _key: 'asc' } } } },
  };
}

/** The `_msearch` NDJSON body: a header naming the index, then the search, per request. */
export function msearchBody(index: string, bodies: readonly Json[]): string {
  return bodies
    .flatMap((b) => [
      JSON.stringify({ search_type: 'query_then_fetch', ignore_unavailable: true, index }),
      JSON.stringify(b),
    ])
    .map((line) => `${line}\n`)
    .join('');
}
