// What the page shows, as its URL says it: shareable, and the Back button works. The
// overview's filters and page, one group, or the incidents are query parameters of `/`:
//   /?cluster=a&status=ERR,WARN&q=orders&page=2     /?cluster=a&group=demo-slow
//   /?view=incidents
// A new view is a new `kind` here and a branch in main.ts.
import {
  GROUP_STATUS_CODES,
  OVERVIEW_PAGE_SIZE,
  type OverviewQuery,
} from '../src/contract/status-page.js';
import type { GroupStatusCode } from '../src/contract/statuses.js';

export interface OverviewView {
  readonly kind: 'overview';
  readonly cluster: string | null;
  readonly statuses: readonly GroupStatusCode[];
  readonly search: string;
  /** 1-based. */
  readonly page: number;
}

export interface GroupView {
  readonly kind: 'group';
  readonly cluster: string;
  readonly group: string;
}

export interface IncidentsView {
  readonly kind: 'incidents';
}

export type View = OverviewView | GroupView | IncidentsView;

export const INCIDENTS: IncidentsView = { kind: 'incidents' };

export const OVERVIEW: OverviewView = {
  kind: 'overview',
  cluster: null,
  statuses: [],
  search: '',
  page: 1,
};

export function parseView(search: string): View {
  const params = new URLSearchParams(search);
  if (params.get('view') === 'incidents') return INCIDENTS;
  const cluster = params.get('cluster');
  const group = params.get('group');
  if (cluster !== null && group !== null) return { kind: 'group', cluster, group };
  const statuses = (params.get('status') ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s): s is GroupStatusCode => (GROUP_STATUS_CODES as readonly string[]).includes(s));
  const page = Number(params.get('page') ?? '1');
  return {
    kind: 'overview',
    cluster: cluster === '' ? null : cluster,
    statuses: GROUP_STATUS_CODES.filter((s) => statuses.includes(s)),
    search: params.get('q') ?? '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The URL of a view (path and query), as parseView reads it back. */
export function viewHref(view: View): string {
  const params = new URLSearchParams();
  if (view.kind === 'incidents') {
    params.set('view', 'incidents');
  } else if (view.kind === 'group') {
    params.set('cluster', view.cluster);
    params.set('group', view.group);
  } else {
    if (view.cluster !== null) params.set('cluster', view.cluster);
    if (view.statuses.length > 0) params.set('status', view.statuses.join(','));
    if (view.search !== '') params.set('q', view.search);
    if (view.page > 1) params.set('page', String(view.page));
  }
  const query = params.toString();
  return query === '' ? '/' : `/?${query}`;
}

/** The overview endpoint's query for a view. */
export function overviewQuery(view: OverviewView, pageSize = OVERVIEW_PAGE_SIZE): OverviewQuery {
  return {
    cluster: view.cluster,
    statuses: view.statuses,
    search: view.search,
    offset: (view.page - 1) * pageSize,
    limit: pageSize,
  };
}

export function overviewSearchParams(query: OverviewQuery): string {
  const params = new URLSearchParams();
  if (query.cluster !== null) params.set('cluster', query.cluster);
  if (query.statuses.length > 0) params.set('status', query.statuses.join(','));
  if (query.search !== '') params.set('q', query.search);
  params.set('offset', String(query.offset));
  params.set('limit', String(query.limit));
  return params.toString();
}
