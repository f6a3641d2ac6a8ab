// The group page's chart: each partition's lag over the window, one line each, drawn by
// uPlot (small, fast, canvas). The numbers are in the table below it too, for readers who
// cannot see the chart.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { GroupPage } from '../src/contract/status-page.js';

const HEIGHT_PX = 240;
/** Distinct in both schemes; the legend names each line, so colour is never the only key. */
const PALETTE = [
  '#2f7ed8',
  '#d9822b',
  '#3fa34d',
  '#c23b22',
  '#8e5ea2',
  '#1b998b',
  '#a0522d',
  '#6b7a8f',
];

export function LagChart({ page }: { page: GroupPage }): VNode {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const shape = page.partitions.map((p) => `${p.topic}/${p.partition}`).join('\u0000');

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth),
      height: HEIGHT_PX,
      scales: { x: { time: true } },
      axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor', label: 'lag (messages)' }],
      series: [
        {},
        ...page.partitions.map((p, i) => ({
          label: `${p.topic}/${p.partition}`,
          stroke: PALETTE[i % PALETTE.length]!,
          width: 2,
          dash: i >= PALETTE.length ? [6, 4] : [],
        })),
      ],
    };
    const plot = new uPlot(options, [[], ...page.partitions.map(() => [])], element);
    chart.current = plot;
    const resize = (): void =>
      plot.setSize({ width: Math.max(280, element.clientWidth), height: HEIGHT_PX });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
      chart.current = null;
    };
    // Rebuilt only when the partitions change; new ticks just set the data.
  }, [shape]);

  useEffect(() => {
    chart.current?.setData([
      page.series.times.map((t) => t / 1000),
      ...page.series.lags.map((l) => [...l]),
    ] as uPlot.AlignedData);
  }, [page]);

  return html`<figure class="chart">
    <div ref=${box} role="img" aria-label="Lag of each partition over the window"></div>
    <figcaption>
      Lag of each partition at each tick of the window (${page.series.times.length} ticks).
    </figcaption>
  </figure>`;
}
