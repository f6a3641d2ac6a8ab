// The Grafana dashboards under config/grafana/dashboards, read as data: every panel (rows
// flattened), every query and every template variable. The unit tests check their shape;
// the integration tests run every query against the real InfluxDB.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/stack.js';

export type InfluxSchema = 'default' | 'telegraf-burrow';

export const DASHBOARDS_DIR = join(repoRoot, 'config/grafana/dashboards');

/** Every dashboard file, by the InfluxDB schema it reads (its folder in Grafana). */
export const DASHBOARD_FILES: readonly { schema: InfluxSchema; path: string }[] = [
  { schema: 'default', path: 'lagwatch/overview.json' },
  { schema: 'default', path: 'lagwatch/group.json' },
  { schema: 'telegraf-burrow', path: 'telegraf-burrow/overview.json' },
  { schema: 'telegraf-burrow', path: 'telegraf-burrow/group.json' },
];

/**
 * The measurements each schema has (sinks/influxdb/SCHEMA.md). telegraf-burrow has
 * lagwatch's own lagwatch_cluster too: the only point an unreachable cluster writes.
 */
export const SCHEMA_MEASUREMENTS: Record<InfluxSchema, readonly string[]> = {
  default: ['lagwatch_group', 'lagwatch_partition', 'lagwatch_topic_partition', 'lagwatch_cluster'],
  'telegraf-burrow': ['burrow_group', 'burrow_partition', 'burrow_topic', 'lagwatch_cluster'],
};

export interface DataSourceRef {
  readonly type?: string;
  readonly uid?: string;
}

export interface GrafanaTarget {
  readonly refId: string;
  readonly query: string;
  readonly rawQuery?: boolean;
  readonly resultFormat?: string;
  readonly alias?: string;
  readonly datasource?: DataSourceRef;
}

export interface GrafanaPanel {
  readonly id: number;
  readonly type: string;
  readonly title?: string;
  readonly timeFrom?: string;
  readonly gridPos?: {
    readonly h: number;
    readonly w: number;
    readonly x: number;
    readonly y: number;
  };
  readonly datasource?: DataSourceRef;
  readonly targets?: readonly GrafanaTarget[];
  readonly panels?: readonly GrafanaPanel[];
}

export interface GrafanaVariable {
  readonly name: string;
  readonly type: string;
  readonly query?: string;
  readonly multi?: boolean;
  readonly includeAll?: boolean;
  readonly datasource?: DataSourceRef;
  readonly current?: { readonly text: string; readonly value: string };
}

export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly panels: readonly GrafanaPanel[];
  readonly templating: { readonly list: readonly GrafanaVariable[] };
  readonly links: readonly { readonly tags: readonly string[] }[];
}

export interface DashboardFile {
  readonly schema: InfluxSchema;
  readonly path: string;
  readonly dashboard: GrafanaDashboard;
}

export function loadDashboards(): DashboardFile[] {
  return DASHBOARD_FILES.map(({ schema, path }) => ({
    schema,
    path,
    dashboard: JSON.parse(readFileSync(join(DASHBOARDS_DIR, path), 'utf8')) as GrafanaDashboard,
  }));
}

/** Every panel, rows included and their (collapsed) children after them. */
export function allPanels(dashboard: GrafanaDashboard): GrafanaPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** One query as Grafana would send it, before its variables are replaced. */
export interface PanelQuery {
  readonly where: string;
  readonly query: string;
  /** The panel's relative time override ("5m"), if any. */
  readonly timeFrom?: string | undefined;
}

export function panelQueries(file: DashboardFile): PanelQuery[] {
  return allPanels(file.dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({
      where: `${file.path}: panel "${panel.title ?? panel.id}" query ${t.refId}`,
      query: t.query,
      timeFrom: panel.timeFrom,
    })),
  );
}

export function queryVariables(dashboard: GrafanaDashboard): GrafanaVariable[] {
  return dashboard.templating.list.filter((v) => v.type === 'query');
}
