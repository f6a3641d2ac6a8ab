// Runs a Grafana dashboard over Elasticsearch as Grafana would, against the real Elasticsearch:
// first its terms variables (in order, later ones using earlier ones), choosing values as the
// dashboard's defaults do ("All" where it offers All, otherwise a given pick), then every
// panel target as the `_msearch` Grafana's Elasticsearch data source sends, with the time
// range (a panel's relative time override too), $__interval and those values filled in.
// No retry: a query Elasticsearch refuses fails the test at once with its own reason.
import { msearchBody, searchBody, termsVariableBody } from '../../unit/dashboards/es-request.js';
import type { RequestContext } from '../../unit/dashboards/es-request.js';
import { rowsOf } from '../../unit/dashboards/es-response.js';
import type { Row } from '../../unit/dashboards/es-response.js';
import { esPanelTargets, esVariables } from '../../unit/dashboards/grafana-es-dashboards.js';
import type {
  EsDashboardFile,
  EsPanelTarget,
} from '../../unit/dashboards/grafana-es-dashboards.js';
import { intervalMs } from '../../unit/dashboards/influxql-interpolate.js';
import { env } from '../sinks/helpers.js';

export interface EsRunContext {
  /** The data source's index, as provisioned (`lagwatch*`; here the test's own prefix). */
  readonly index: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly intervalMs: number;
  /** The value to select for single-value variables, by name. */
  readonly picks: Readonly<Record<string, string>>;
}

export interface EsVariableRun {
  readonly name: string;
  readonly offered: readonly string[];
  readonly selected: string | readonly string[];
}

export type Selection = Readonly<Record<string, string | readonly string[]>>;

interface SearchAnswer {
  readonly error?: { readonly reason?: string; readonly root_cause?: { reason?: string }[] };
  readonly aggregations?: Record<string, unknown>;
}

/** One `_msearch` of one search, answered; Elasticsearch's refusal is thrown. */
async function msearchOne(index: string, body: Record<string, unknown>): Promise<SearchAnswer> {
  const res = await fetch(`${env.elasticsearchUrl}/_msearch`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: msearchBody(index, [body]),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} ${text}`);
  const answer = (JSON.parse(text) as { responses: SearchAnswer[] }).responses[0];
  if (!answer || answer.error) {
    const reason = answer?.error?.root_cause?.[0]?.reason ?? answer?.error?.reason ?? text;
    throw new Error(`Elasticsearch refused ${JSON.stringify(body)}: ${reason}`);
  }
  return answer;
}

function context(run: EsRunContext, variables: Selection, fromMs = run.fromMs): RequestContext {
  return {
    timeField: '@timestamp',
    fromMs,
    toMs: run.toMs,
    intervalMs: run.intervalMs,
    variables,
  };
}

/** Each terms variable's values from Elasticsearch and the selection made from them. */
export async function resolveEsVariables(
  file: EsDashboardFile,
  run: EsRunContext,
): Promise<EsVariableRun[]> {
  const selected: Record<string, string | readonly string[]> = {};
  const out: EsVariableRun[] = [];
  for (const { variable, query } of esVariables(file.dashboard)) {
    const answer = await msearchOne(run.index, termsVariableBody(query, context(run, selected)));
    const buckets = (answer.aggregations?.['1'] as { buckets: { key: string }[] }).buckets;
    const offered = buckets.map((b) => String(b.key));
    const pick = run.picks[variable.name];
    const chosen = variable.includeAll === true ? offered : (pick ?? offered[0] ?? '');
    selected[variable.name] = chosen;
    out.push({ name: variable.name, offered, selected: chosen });
  }
  return out;
}

export interface EsTargetRun extends EsPanelTarget {
  readonly rows: readonly Row[];
}

/** Every panel target of the dashboard, sent with these variable values. */
export async function runEsPanelTargets(
  file: EsDashboardFile,
  run: EsRunContext,
  variables: Selection,
): Promise<EsTargetRun[]> {
  const out: EsTargetRun[] = [];
  for (const t of esPanelTargets(file)) {
    const timeFrom = t.panel.timeFrom;
    const fromMs = timeFrom === undefined ? run.fromMs : run.toMs - intervalMs(timeFrom);
    const answer = await msearchOne(
      run.index,
      searchBody(t.target, context(run, variables, fromMs)),
    );
    out.push({ ...t, rows: rowsOf(t.target, answer.aggregations ?? {}) });
  }
  return out;
}
