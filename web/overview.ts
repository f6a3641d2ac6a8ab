// The overview: clusters, then every group worst first, a page at a time (the server
// filters and pages, so 5,000 groups cost the browser 100 rows). Filters live in the URL.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  GROUP_STATUS_CODES,
  OVERVIEW_PAGE_SIZE,
  type OverviewPage,
  type PageGroupRow,
} from '../src/contract/status-page.js';
import type { GroupStatusCode } from '../src/contract/statuses.js';
import { ClusterList } from './clusters.js';
import { Sparkline, StatusBadge } from './components.js';
import { formatCount, formatLagSeconds } from './format.js';
import type { TickWatch } from './staleness.js';
import { viewHref, type OverviewView, type View } from './url-state.js';

export interface OverviewProps {
  readonly data: OverviewPage;
  readonly view: OverviewView;
  readonly now: number;
  readonly ticks: TickWatch;
  readonly navigate: (view: View, replace?: boolean) => void;
}

const SEARCH_DELAY_MS = 250;

function Filters({ data, view, navigate }: OverviewProps): VNode {
  const [search, setSearch] = useState(view.search);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => setSearch(view.search), [view.search]);
  const onSearch = (value: string): void => {
    setSearch(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(
      () => navigate({ ...view, search: value.trim(), page: 1 }, true),
      SEARCH_DELAY_MS,
    );
  };
  const toggle = (status: GroupStatusCode): void => {
    const statuses = view.statuses.includes(status)
      ? view.statuses.filter((s) => s !== status)
      : GROUP_STATUS_CODES.filter((s) => s === status || view.statuses.includes(s));
    navigate({ ...view, statuses, page: 1 });
  };
  return html`<form class="filters" role="search" onSubmit=${(e: Event) => e.preventDefault()}>
    <label>
      Cluster
      <select
        name="cluster"
        value=${view.cluster ?? ''}
        onChange=${(e: Event) => {
          const value = (e.target as HTMLSelectElement).value;
          navigate({ ...view, cluster: value === '' ? null : value, page: 1 });
        }}
      >
        <option value="">All clusters</option>
        ${data.clusters.map((c) => html`<option value=${c.name}>${c.name}</option>`)}
      </select>
    </label>
    <label>
      Group name
      <input
        type="search"
        name="q"
        placeholder="Search groups (press /)"
        value=${search}
        onInput=${(e: Event) => onSearch((e.target as HTMLInputElement).value)}
      />
    </label>
    <fieldset class="status-filter">
      <legend>Status (counts of the groups above)</legend>
      ${GROUP_STATUS_CODES.map(
        (s) =>
          html`<button
            type="button"
            class="chip status-${s}"
            data-status=${s}
            data-count=${data.counts[s]}
            aria-pressed=${view.statuses.includes(s) ? 'true' : 'false'}
            onClick=${() => toggle(s)}
          >
            <${StatusBadge} status=${s} />
            <span class="count">${formatCount(data.counts[s])}</span>
          </button>`,
      )}
    </fieldset>
  </form>`;
}

function GroupRow({ row }: { row: PageGroupRow }): VNode {
  const href = viewHref({ kind: 'group', cluster: row.cluster, group: row.group });
  return html`<tr
    data-group=${row.group}
    data-cluster=${row.cluster}
    data-status=${row.status}
    data-total-lag=${row.totalLag}
  >
    <td data-label="Status"><${StatusBadge} status=${row.status} /></td>
    <th scope="row" data-label="Group">
      <a href=${href} data-link>${row.group}</a>
      <span class="sub">${row.cluster}</span>
    </th>
    <td data-label="Total lag" class="num">${formatCount(row.totalLag)}</td>
    <td data-label="Lag (s)" class="num">${formatLagSeconds(row.maxTimeLagMs)}</td>
    <td data-label="Trend"><${Sparkline} values=${row.trend} /></td>
    <td data-label="Partitions" class="num">${row.partitions}</td>
    <td data-label="Members" class="num">${formatCount(row.members)}</td>
    <td data-label="Type / state">${row.type ?? '–'} / ${row.state ?? '–'}</td>
    <td data-label="Why" class="reason">
      ${
        row.worst === null
          ? '–'
          : html`<span class="where">${`${row.worst.topic}/${row.worst.partition}: `}</span
              >${row.worst.reason}`
      }
    </td>
  </tr>`;
}

function Pager({ data, view, navigate }: OverviewProps): VNode | null {
  if (data.matched <= data.limit) return null;
  const pages = Math.ceil(data.matched / data.limit);
  const first = data.offset + 1;
  const last = Math.min(data.offset + data.limit, data.matched);
  return html`<nav class="pager" aria-label="Pages of groups">
    <button
      type="button"
      disabled=${view.page <= 1}
      onClick=${() => navigate({ ...view, page: view.page - 1 })}
    >
      ← Previous
    </button>
    <span
      >${formatCount(first)}–${formatCount(last)} of ${formatCount(data.matched)} (page ${view.page}
      of ${pages})</span
    >
    <button
      type="button"
      disabled=${view.page >= pages}
      onClick=${() => navigate({ ...view, page: view.page + 1 })}
    >
      Next →
    </button>
  </nav>`;
}

export function Overview(props: OverviewProps): VNode {
  const { data } = props;
  return html`<div class="overview">
    <${ClusterList} clusters=${data.clusters} now=${props.now} ticks=${props.ticks} />
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">
        Consumer groups
        <span class="sub" data-matched=${data.matched}
          >${formatCount(data.matched)} shown, worst first</span
        >
      </h2>
      <${Filters} ...${props} />
      ${
        data.groups.length === 0
          ? html`<p class="empty">No group matches.</p>`
          : html`<table class="groups">
              <caption class="visually-hidden">
                Groups, worst first (${OVERVIEW_PAGE_SIZE} a page)
              </caption>
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Group</th>
                  <th scope="col" class="num">Total lag</th>
                  <th scope="col" class="num">Lag (s)</th>
                  <th scope="col">Trend</th>
                  <th scope="col" class="num">Partitions</th>
                  <th scope="col" class="num">Members</th>
                  <th scope="col">Type / state</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                ${data.groups.map(
                  (row) =>
                    html`<${GroupRow} key=${`${row.cluster}\u0000${row.group}`} row=${row} />`,
                )}
              </tbody>
            </table>`
      }
      <${Pager} ...${props} />
    </section>
  </div>`;
}
