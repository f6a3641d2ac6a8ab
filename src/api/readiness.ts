// Is lagwatch ready to be asked? Every cluster has been sampled at least once (until then
// its answers would be empty), and every sink delivers or keeps what it cannot deliver
// yet (spooling). What is not ready is named, so a probe's log says why.
import type { SinkHealth } from '../contract/sink.js';
import type { LatestState } from '../pipeline/latest.js';

export interface ClusterReadiness {
  readonly cluster: string;
  /** Sampled at least once. */
  readonly ready: boolean;
  /** The last tick sampled it (false while it is unreachable, or before the first tick). */
  readonly available: boolean;
  readonly firstSampledAt: number | null;
  readonly lastSampledAt: number | null;
  readonly fault: { readonly code: string; readonly message: string } | null;
}

export interface SinkReadiness {
  readonly sink: string;
  readonly ready: boolean;
  readonly state: SinkHealth['state'];
  readonly lastError: string | null;
}

export interface Readiness {
  readonly ready: boolean;
  /** One line per part that is not ready. */
  readonly notReady: readonly string[];
  readonly clusters: readonly ClusterReadiness[];
  readonly sinks: readonly SinkReadiness[];
}

export function readiness(latest: LatestState, sinks: readonly SinkHealth[]): Readiness {
  const clusters = latest.clusterNames().map((name): ClusterReadiness => {
    const view = latest.cluster(name);
    const last = view?.lastReport ?? null;
    return {
      cluster: name,
      ready: view?.firstSampledAt != null,
      available: last?.available ?? false,
      firstSampledAt: view?.firstSampledAt ?? null,
      lastSampledAt: view?.lastGood?.report.takenAt ?? null,
      fault: last?.fault ?? null,
    };
  });
  const sinkStates = sinks.map((h): SinkReadiness => ({
    sink: h.sink,
    ready: h.healthy || h.state === 'spooling',
    state: h.state,
    lastError: h.lastError,
  }));
  const notReady = [
    ...clusters
      .filter((c) => !c.ready)
      .map(
        (c) =>
          `cluster ${c.cluster}: not sampled yet` +
          (c.fault ? ` (${c.fault.code}: ${c.fault.message})` : ''),
      ),
    ...sinkStates
      .filter((s) => !s.ready)
      .map((s) => `sink ${s.sink}: ${s.state}` + (s.lastError ? ` (${s.lastError})` : '')),
  ];
  return { ready: notReady.length === 0, notReady, clusters, sinks: sinkStates };
}
