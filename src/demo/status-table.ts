// The demo's live screen: one line per group of the latest reports, coloured by status,
// with the partition that decided it and why.
import type { EvaluationReport } from '../contract/report.js';
import { worstPartition } from '../contract/worst-partition.js';

const colours: Record<string, string> = {
  OK: '\u001b[32m',
  WARN: '\u001b[33m',
  ERR: '\u001b[31m',
  STOP: '\u001b[35m',
  STALL: '\u001b[35m',
  REWIND: '\u001b[35m',
  NOTFOUND: '\u001b[90m',
};
const reset = '\u001b[0m';

export function colour(status: string, text: string = status, enabled = true): string {
  return enabled ? `${colours[status] ?? ''}${text}${reset}` : text;
}

const seconds = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '-' : (ms / 1000).toFixed(0);

export function renderStatusTable(reports: readonly EvaluationReport[], useColour = true): string {
  const rows: string[][] = [];
  const statuses: string[] = [];
  for (const report of [...reports].sort((a, b) => a.cluster.localeCompare(b.cluster))) {
    if (!report.available) {
      rows.push([
        report.cluster,
        '(unavailable)',
        'ERR',
        '-',
        '-',
        '-',
        '-',
        report.fault?.message ?? '',
      ]);
      statuses.push('ERR');
      continue;
    }
    for (const g of report.groups) {
      const worst = worstPartition(g);
      const maxLagMs = Math.max(...g.partitions.map((p) => p.timeLagMs ?? 0), 0);
      rows.push([
        report.cluster,
        g.group,
        g.status,
        String(g.partitionCount),
        String(g.totallag),
        seconds(maxLagMs),
        worst ? `${worst.topic}/${worst.partition} ${worst.status}` : '-',
        worst?.reasonText ?? '',
      ]);
      statuses.push(g.status);
    }
  }
  const header = ['CLUSTER', 'GROUP', 'STATUS', 'PARTS', 'TOTAL-LAG', 'MAX-LAG-S', 'WORST', 'WHY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], status?: string): string =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
        return i === 2 && status ? colour(status, padded, useColour) : padded;
      })
      .join('  ');
  return [line(header), ...rows.map((r, i) => line(r, statuses[i]))].join('\n');
}
