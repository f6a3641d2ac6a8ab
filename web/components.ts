// Small pieces every view uses. A status is always told in words and a symbol, colour
// only adds to them (for readers who cannot tell the colours apart).
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { ClusterHealth } from '../src/contract/status-page.js';
import type { StatusCode } from '../src/contract/statuses.js';
import { describeTrend, sparklineRuns } from './sparkline.js';

const SYMBOL: Readonly<Record<StatusCode, string>> = {
  OK: '✓',
  WARN: '▲',
  ERR: '✕',
  NOTFOUND: '?',
  STOP: '■',
  STALL: '‖',
  REWIND: '↺',
};

export function StatusBadge({ status }: { status: StatusCode }): VNode {
  return html`<span class="badge status-${status}" data-status=${status}
    ><span aria-hidden="true">${SYMBOL[status]}</span> ${status}</span
  >`;
}

const HEALTH: Readonly<Record<ClusterHealth, { symbol: string; words: string }>> = {
  sampled: { symbol: '✓', words: 'sampled' },
  unreachable: { symbol: '✕', words: 'unreachable' },
  pending: { symbol: '…', words: 'waiting for the first tick' },
};

export function HealthBadge({ health }: { health: ClusterHealth }): VNode {
  const { symbol, words } = HEALTH[health];
  return html`<span class="badge health-${health}" data-health=${health}
    ><span aria-hidden="true">${symbol}</span> ${words}</span
  >`;
}

const BOX = { width: 96, height: 24 };

export function Sparkline({ values }: { values: readonly (number | null)[] }): VNode {
  const runs = sparklineRuns(values, BOX);
  const label = describeTrend(values);
  return html`<svg
    class="sparkline"
    viewBox="-1 -1 ${BOX.width + 2} ${BOX.height + 2}"
    width=${BOX.width}
    height=${BOX.height}
    role="img"
    aria-label=${label}
  >
    <title>${label}</title>
    ${runs.map((points) => html`<polyline points=${points} />`)}
  </svg>`;
}
