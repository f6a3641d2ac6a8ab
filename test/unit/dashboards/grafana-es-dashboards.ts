// The Grafana dashboards over Elasticsearch (config/grafana/dashboards/lagwatch-elasticsearch),
// read as data: every panel target with its panel, and every terms variable. The unit tests
// check their shape; the integration test sends each one to the real Elasticsearch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EsTarget, EsTermsVariableQuery } from './es-request.js';
import type { DataSourceRef, GrafanaPanel, GrafanaVariable } from './grafana-dashboards.js';
import { DASHBOARDS_DIR } from './grafana-dashboards.js';

export const ES_DASHBOARD_FILES: readonly string[] = [
  'lagwatch-elasticsearch/overview.json',
  'lagwatch-elasticsearch/group.json',
];

export interface EsGrafanaTarget extends EsTarget {
  readonly datasource?: DataSourceRef;
}

export interface EsPanel extends Omit<GrafanaPanel, 'targets' | 'panels'> {
  readonly description?: string;
  readonly targets?: readonly EsGrafanaTarget[];
  readonly panels?: readonly EsPanel[];
  readonly fieldConfig?: {
    readonly defaults: { readonly mappings?: readonly ValueMapping[] };
    readonly overrides: readonly {
      readonly matcher: { readonly options: string };
      readonly properties: readonly { readonly id: string; readonly value: unknown }[];
    }[];
  };
}

export interface ValueMapping {
  readonly type: string;
  readonly options: Readonly<Record<string, { color: string; text: string }>>;
}

export interface EsDashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly panels: readonly EsPanel[];
  readonly templating: { readonly list: readonly GrafanaVariable[] };
  readonly links: readonly { readonly tags: readonly string[] }[];
}

export interface EsDashboardFile {
  readonly path: string;
  readonly dashboard: EsDashboard;
}

export function loadEsDashboards(): EsDashboardFile[] {
  return ES_DASHBOARD_FILES.map((path) => ({
    path,
    dashboard: JSON.parse(readFileSync(join(DASHBOARDS_DIR, path), 'utf8')) as EsDashboard,
  }));
}

/** Every panel, rows included and their (collapsed) children after them. */
export function allEsPanels(dashboard: EsDashboard): EsPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export interface EsPanelTarget {
  readonly where: string;
  readonly panel: EsPanel;
  readonly target: EsGrafanaTarget;
}

export function esPanelTargets(file: EsDashboardFile): EsPanelTarget[] {
  return allEsPanels(file.dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      where: `${file.path}: panel "${panel.title ?? panel.id}" query ${target.refId}`,
      panel,
      target,
    })),
  );
}

export interface EsVariable {
  readonly variable: GrafanaVariable;
  readonly query: EsTermsVariableQuery;
}

/** The query variables, their JSON queries parsed, in dashboard order. */
export function esVariables(dashboard: EsDashboard): EsVariable[] {
  return dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((variable) => ({
      variable,
      query: JSON.parse(variable.query ?? '') as EsTermsVariableQuery,
    }));
}
