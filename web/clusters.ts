// The clusters strip at the top of the overview (and the group page's own cluster): health
// in words, why a cluster could not be sampled, its last tick's time and duration, and
// whether its figures are stale.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { PageCluster } from '../src/contract/status-page.js';
import { HealthBadge } from './components.js';
import { formatAge, formatCount, formatDuration, formatTime } from './format.js';
import { clusterStaleness, type TickWatch } from './staleness.js';

export function ClusterCard(props: { cluster: PageCluster; now: number; ticks: TickWatch }): VNode {
  const { cluster: c, now, ticks } = props;
  const stale = clusterStaleness(c, now, ticks.staleAfterMs(c.name));
  return html`<li class="cluster" data-cluster=${c.name} data-health=${c.health}>
    <h3>${c.name}</h3>
    <${HealthBadge} health=${c.health} />
    ${
      c.fault === null
        ? null
        : html`<p class="fault" data-fault-code=${c.fault.code}>
            <strong>Why:</strong> ${c.fault.message} <code>${c.fault.code}</code>
          </p>`
    }
    <dl>
      <dt>Last tick</dt>
      <dd>
        <time datetime=${c.lastTickAt === null ? '' : new Date(c.lastTickAt).toISOString()}
          >${formatTime(c.lastTickAt)}</time
        >${` (${formatAge(c.lastTickAt, now)}), took ${formatDuration(c.lastTickDurationMs)}`}
      </dd>
      <dt>Groups</dt>
      <dd>${formatCount(c.groups)}</dd>
    </dl>
    ${stale === null ? null : html`<p class="stale" role="status">⚠ Stale: ${stale}</p>`}
  </li>`;
}

export function ClusterList(props: {
  clusters: readonly PageCluster[];
  now: number;
  ticks: TickWatch;
}): VNode {
  return html`<section aria-labelledby="clusters-title">
    <h2 id="clusters-title">Clusters</h2>
    <ul class="clusters">
      ${props.clusters.map(
        (c) =>
          html`<${ClusterCard} key=${c.name} cluster=${c} now=${props.now} ticks=${props.ticks} />`,
      )}
    </ul>
  </section>`;
}
