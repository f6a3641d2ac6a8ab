// Runs a Grafana dashboard's queries as Grafana would on a real InfluxDB: first its template
// variables (each a SHOW TAG VALUES, in order, later ones using earlier ones), choosing
// values as the dashboard's defaults do ("All" where it offers All, otherwise a given pick),
// then every panel query with the time range, the interval and those values substituted.
import type { DashboardFile, PanelQuery } from '../../unit/dashboards/grafana-dashboards.js';
import { panelQueries, queryVariables } from '../../unit/dashboards/grafana-dashboards.js';
import { interpolate, intervalMs } from '../../unit/dashboards/influxql-interpolate.js';
import type { QueryContext } from '../../unit/dashboards/influxql-interpolate.js';
import assert from 'node:assert/strict';
import { influxqlOnce } from './influxql-once.js';
import type { Series } from './influxql-once.js';

export interface RunContext {
  readonly db: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** `$__interval`: the data source's floor (timeInterval), as Grafana would use it. */
  readonly interval: string;
  /** The value to select for single-value variables, by name. */
  readonly picks: Readonly<Record<string, string>>;
}

export interface VariableRun {
  readonly name: string;
  readonly offered: readonly string[];
  readonly selected: readonly string[];
}

/** Each query variable's values from the database and the selection made from them. */
export async function resolveVariables(
  file: DashboardFile,
  run: RunContext,
): Promise<VariableRun[]> {
  const selected: Record<string, readonly string[]> = {};
  const out: VariableRun[] = [];
  for (const v of queryVariables(file.dashboard)) {
    const context: QueryContext = { ...run, variables: selected };
    const series = await influxqlOnce(run.db, interpolate(v.query ?? '', context));
    // Grafana lists a value once, however many measurements (series) hold it, sorted as the
    // variable's sort 1 (alphabetical) asks.
    const offered = [
      ...new Set(
        series.flatMap((s) => s.values.map((row) => String(row[s.columns.indexOf('value')]))),
      ),
    ].sort();
    const pick = run.picks[v.name];
    const chosen =
      v.includeAll === true ? offered : pick !== undefined ? [pick] : offered.slice(0, 1);
    selected[v.name] = chosen;
    out.push({ name: v.name, offered, selected: chosen });
  }
  return out;
}

export interface QueryRun {
  readonly query: PanelQuery;
  readonly sent: string;
  readonly series: readonly Series[];
}

/** Every panel query of the dashboard, sent with these variable values. */
export async function runPanelQueries(
  file: DashboardFile,
  run: RunContext,
  variables: Readonly<Record<string, readonly string[]>>,
): Promise<QueryRun[]> {
  const out: QueryRun[] = [];
  for (const query of panelQueries(file)) {
    // A panel's relative time override ("5m") replaces the range with the last 5 minutes.
    const fromMs =
      query.timeFrom === undefined ? run.fromMs : run.toMs - intervalMs(query.timeFrom);
    const sent = interpolate(query.query, { ...run, fromMs, variables });
    out.push({ query, sent, series: await influxqlOnce(run.db, sent) });
  }
  return out;
}

/** The series a panel's query returned, by its cluster tag (one series when ungrouped). */
export function panelSeries(runs: readonly QueryRun[], title: string): readonly Series[] {
  const run = runs.find((r) => r.query.where.includes(`panel "${title}" query A`));
  assert.ok(run, `a panel "${title}"`);
  return run.series;
}

/** A column's values in the series of one cluster. */
export function clusterColumn(
  series: readonly Series[],
  cluster: string,
  column: string,
): unknown[] {
  const own = series.filter((s) => s.tags?.cluster === cluster);
  return own.flatMap((s) => s.values.map((row) => row[s.columns.indexOf(column)]));
}
