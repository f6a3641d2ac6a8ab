// The incidents the alerts keep: open ones first (worst, then longest open), then recently
// closed ones, each with its group, status, times, the reason, and per notifier what was
// sent (open, update, close) and whether it was delivered. With no notifier configured
// lagwatch keeps no incidents, and the view says how to configure one.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { IncidentsPage, PageIncident, PageNotification } from '../src/contract/status-page.js';
import { ClusterList } from './clusters.js';
import { StatusBadge } from './components.js';
import { formatCount, formatDateTime, formatDuration, formatTime } from './format.js';
import type { TickWatch } from './staleness.js';
import { viewHref } from './url-state.js';

const RESULT: Readonly<Record<PageNotification['result'], { symbol: string; words: string }>> = {
  sent: { symbol: '✓', words: 'delivered' },
  failed: { symbol: '✕', words: 'failed' },
  dropped: { symbol: '✕', words: 'dropped' },
  queued: { symbol: '…', words: 'queued' },
};

function State({ incident }: { incident: PageIncident }): VNode {
  if (incident.closedAt === null) {
    return html`<${StatusBadge} status=${incident.status} /> <span class="state">open</span>`;
  }
  return html`<span class="badge incident-closed" data-closed=${incident.closeReason ?? ''}
      ><span aria-hidden="true">✓</span> closed</span
    >
    <span class="state">${incident.closeReason ?? ''}</span>`;
}

function Sent({ incident }: { incident: PageIncident }): VNode {
  return html`<ul class="sent">
    ${incident.notifiers.map((notifier) => {
      const sent = incident.sent.filter((s) => s.notifier === notifier);
      return html`<li data-notifier=${notifier}>
        <strong>${notifier}</strong>:${' '} ${sent.length === 0 ? html`<em>nothing sent</em>` : ''}
        ${sent.map((s, i) => {
          const { symbol, words } = RESULT[s.result];
          return html`${i > 0 ? '; ' : ''}<span data-kind=${s.kind} data-result=${s.result}
              >${s.kind} <span aria-hidden="true">${symbol}</span> ${`${words} `}<time
                >${formatTime(s.resultAt ?? s.at)}</time
              ></span
            >`;
        })}
      </li>`;
    })}
  </ul>`;
}

function Row({ incident, now }: { incident: PageIncident; now: number }): VNode {
  const i = incident;
  const why =
    i.fault ??
    (i.worst === null ? '–' : `${i.worst.topic}/${i.worst.partition}: ${i.worst.reason}`);
  return html`<tr
    data-incident=${i.id}
    data-state=${i.closedAt === null ? 'open' : 'closed'}
    data-status=${i.status}
  >
    <td data-label="Cluster">${i.cluster}</td>
    <th scope="row" data-label="Group">
      ${
        i.group === null
          ? html`<em>the whole cluster</em>`
          : html`<a
              href=${viewHref({ kind: 'group', cluster: i.cluster, group: i.group })}
              data-link
              >${i.group}</a
            >`
      }
    </th>
    <td data-label="Status"><${State} incident=${i} /></td>
    <td data-label="Opened"><time>${formatDateTime(i.openedAt)}</time></td>
    <td data-label="Closed"><time>${formatDateTime(i.closedAt)}</time></td>
    <td data-label="For" class="num">${formatDuration((i.closedAt ?? now) - i.openedAt)}</td>
    <td data-label="Total lag" class="num">${formatCount(i.totalLag)}</td>
    <td data-label="Why" class="reason">${why}</td>
    <td data-label="Sent"><${Sent} incident=${i} /></td>
  </tr>`;
}

function Table(props: {
  title: string;
  state: 'open' | 'closed';
  incidents: readonly PageIncident[];
  now: number;
  none: string;
}): VNode {
  return html`<section class="incidents" data-incidents=${props.state}>
    <h3>${props.title} <span class="sub">${props.incidents.length}</span></h3>
    ${
      props.incidents.length === 0
        ? html`<p class="empty">${props.none}</p>`
        : html`<table>
            <caption class="visually-hidden">
              ${props.title}
            </caption>
            <thead>
              <tr>
                <th scope="col">Cluster</th>
                <th scope="col">Group</th>
                <th scope="col">Status</th>
                <th scope="col">Opened</th>
                <th scope="col">Closed</th>
                <th scope="col" class="num">For</th>
                <th scope="col" class="num">Total lag</th>
                <th scope="col">Why (worst partition)</th>
                <th scope="col">Sent (per notifier)</th>
              </tr>
            </thead>
            <tbody>
              ${props.incidents.map(
                (i) =>
                  html`<${Row} key=${`${i.id}/${i.openedAt}`} incident=${i} now=${props.now} />`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

export function Incidents(props: { page: IncidentsPage; now: number; ticks: TickWatch }): VNode {
  const { page, now } = props;
  if (page.notifiers.length === 0) {
    return html`<div class="incidents-page" data-alerts="off">
      <h2>Incidents</h2>
      <p class="empty">
        Alerts are not configured: no notifier is set, so lagwatch keeps no incidents. Add one under
        <code>notifiers:</code> in the config (the smallest is
        <code>{name: ops, type: webhook, url: http://…}</code>); the README's “Alerts” section has a
        config for each type (webhook, Slack, PagerDuty, Alertmanager, email).
      </p>
    </div>`;
  }
  return html`<div class="incidents-page" data-alerts="on">
    <h2>
      Incidents
      <span class="sub"
        >sent through ${page.notifiers.map((n) => `${n.name} (${n.type})`).join(', ')}</span
      >
    </h2>
    <${Table}
      title="Open"
      state="open"
      incidents=${page.open}
      now=${now}
      none="No open incident: no group is at its notifiers' threshold."
    />
    <${Table}
      title="Recently closed"
      state="closed"
      incidents=${page.closed}
      now=${now}
      none="No incident closed recently."
    />
    <${ClusterList} clusters=${page.clusters} now=${now} ticks=${props.ticks} />
  </div>`;
}
