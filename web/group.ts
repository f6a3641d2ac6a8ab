// One group: its figures, its lag over the window, every partition with its owner,
// offsets and the reason for its status, and links to the same data in Burrow's API.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { GroupPage } from '../src/contract/status-page.js';
import { ClusterList } from './clusters.js';
import { StatusBadge } from './components.js';
import { formatCount, formatDateTime, formatDuration, formatLagSeconds } from './format.js';
import { LagChart } from './lag-chart.js';
import type { TickWatch } from './staleness.js';
import { viewHref, INCIDENTS, OVERVIEW } from './url-state.js';

export function GroupDetail(props: { page: GroupPage; now: number; ticks: TickWatch }): VNode {
  const { page } = props;
  const g = page.group;
  return html`<div class="group-page" data-group=${g.group} data-cluster=${g.cluster}>
    <p><a href=${viewHref(OVERVIEW)} data-link>← All groups</a></p>
    <h2>
      <${StatusBadge} status=${g.status} /> ${g.group}
      <span class="sub">on ${g.cluster}</span>
    </h2>
    ${
      page.troubleSince === null
        ? null
        : html`<p class="trouble" data-trouble-since=${page.troubleSince}>
            <span aria-hidden="true">⚠</span> In trouble since
            <time>${formatDateTime(page.troubleSince)}</time>
            (${formatDuration(Math.max(0, props.now - page.troubleSince))}):${' '}
            <a href=${viewHref(INCIDENTS)} data-link>its open incident</a>
          </p>`
    }
    <dl class="facts">
      <dt>Total lag</dt>
      <dd data-total-lag=${g.totalLag}>${formatCount(g.totalLag)} messages</dd>
      <dt>Lag (s)</dt>
      <dd>${formatLagSeconds(g.maxTimeLagMs)}</dd>
      <dt>Partitions</dt>
      <dd>${g.partitions}</dd>
      <dt>Members</dt>
      <dd>${formatCount(g.members)}</dd>
      <dt>Type / state</dt>
      <dd>${g.type ?? '–'} / ${g.state ?? '–'}</dd>
      <dt>Why</dt>
      <dd class="reason">
        ${g.worst === null ? '–' : `${g.worst.topic}/${g.worst.partition}: ${g.worst.reason}`}
      </dd>
      <dt>Burrow API</dt>
      <dd class="links">
        <a href=${page.links.status}>status</a>${' · '}<a href=${page.links.lag}>lag</a>${' · '}<a
          href=${page.links.detail}
          >consumer detail</a
        >
      </dd>
    </dl>
    <${LagChart} page=${page} />
    <table class="partitions">
      <caption>
        Partitions
      </caption>
      <thead>
        <tr>
          <th scope="col">Topic / partition</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Lag</th>
          <th scope="col" class="num">Lag (s)</th>
          <th scope="col">Owner (member, host, client id)</th>
          <th scope="col" class="num">Committed</th>
          <th scope="col" class="num">Log end</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        ${page.partitions.map(
          (p) =>
            html`<tr
              key=${`${p.topic}/${p.partition}`}
              data-topic=${p.topic}
              data-partition=${p.partition}
              data-status=${p.status}
              data-lag=${p.lag}
            >
              <th scope="row" data-label="Partition">${p.topic}/${p.partition}</th>
              <td data-label="Status"><${StatusBadge} status=${p.status} /></td>
              <td data-label="Lag" class="num">${formatCount(p.lag)}</td>
              <td data-label="Lag (s)" class="num">${formatLagSeconds(p.timeLagMs)}</td>
              <td data-label="Owner" class="owner">
                ${
                  p.memberId === '' && p.host === '' && p.clientId === ''
                    ? html`<em>no owner</em>`
                    : html`<span>${p.memberId || '–'}</span> <span>${p.host || '–'}</span>
                        <span>${p.clientId || '–'}</span>`
                }
              </td>
              <td data-label="Committed" class="num">${formatCount(p.committedOffset)}</td>
              <td data-label="Log end" class="num">${formatCount(p.logEndOffset)}</td>
              <td data-label="Why" class="reason">${p.reason}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <${ClusterList} clusters=${[page.cluster]} now=${props.now} ticks=${props.ticks} />
  </div>`;
}
