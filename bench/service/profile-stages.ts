// Where a CPU profile's main-thread time went, by stage of the service's work: each sample
// goes to the first stage below that claims any frame of its stack (a native call such as
// `writev` goes to whoever called it: the API's reply, a sink's request; the window store's
// reads while the report is built go to judging). Idle time is left out. The figures are the
// profile's own, and the profiler's sampling (every 0.5 ms) slows what it samples: at 10,000
// × 10 the main thread spent 4.1 s a minute profiled against 2.3 without. They tell how the
// main thread's time divides, not the run's CPU figure.

/** A CPU profile as the inspector returns it (the fields this reads). */
export interface StageProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string };
    children?: number[];
  }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

interface Frame {
  readonly functionName: string;
  readonly url: string;
}

/** The profiler's name for time the main thread was idle. */
export const IDLE = '(idle)';

/** The stages, first claim first; `claims` says whether a frame is the stage's. */
const STAGES: readonly { readonly name: string; readonly claims: (f: Frame) => boolean }[] = [
  {
    name: 'garbage collector (its pauses)',
    claims: (f) => f.functionName === '(garbage collector)',
  },
  {
    name: "synthetic cluster (the bench's Kafka: its answers)",
    claims: (f) => f.url.includes('/bench/service/synthetic-cluster'),
  },
  {
    name: 'the profiler itself',
    claims: (f) => f.url === 'node:inspector',
  },
  {
    name: "/metrics rendering (and zlib's calls)",
    claims: (f) =>
      f.url === 'node:zlib' ||
      /\/src\/api\/(state-metrics|state-labels|state-families|metrics-bytes|metrics-cache|metrics-gzip)\./.test(
        f.url,
      ),
  },
  {
    name: 'judging (the evaluator, the report)',
    // Not src/status itself: the API, /metrics and the encoders read statuses through it.
    claims: (f) => f.url.includes('/src/pipeline/build-report.'),
  },
  {
    name: "recording (the window store; each group's lag made as it is recorded)",
    claims: (f) => f.url.includes('/src/pipeline/record-in-slices.'),
  },
  {
    name: "the read model (the API's latest report)",
    claims: (f) => f.url.includes('/src/pipeline/latest.'),
  },
  {
    name: 'sinks: encoding (into the queue)',
    claims: (f) => f.url.includes('/sinks/delivery/report-encoding.'),
  },
  {
    name: 'sinks: batches and requests',
    claims: (f) =>
      f.url.includes('/sinks/') ||
      f.url.includes('/undici/') ||
      f.url.includes('/@elastic/') ||
      f.url.includes('/@influxdata/') ||
      f.url === 'node:_http_client',
  },
  {
    name: 'API requests (parsing, routes, replies)',
    claims: (f) =>
      f.url.includes('/src/api/') ||
      f.url.includes('/fastify/') ||
      f.url.includes('/find-my-way/') ||
      /^node:_http_(server|common|incoming|outgoing)$/.test(f.url),
  },
  { name: 'sampling (src/kafka)', claims: (f) => f.url.includes('/src/kafka/') },
];

const OTHER = "other (V8's own work outside JavaScript, timers, promises, logging)";

/**
 * Main-thread time by stage: lines of `<s per minute of the profile> <share of the busy
 * time> <stage>`, busiest first, then the busy total.
 */
export function stageSummary(profile: StageProfile): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfMicros = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    selfMicros.set(samples[i]!, (selfMicros.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  }
  // The first stage (lowest index) claiming the node or any frame above it; -1: none.
  const rankOf = new Map<number, number>();
  const rank = (id: number): number => {
    const known = rankOf.get(id);
    if (known !== undefined) return known;
    const own = STAGES.findIndex((stage) => stage.claims(byId.get(id)!.callFrame));
    const parent = parentOf.get(id);
    const above = parent === undefined ? -1 : rank(parent);
    const found = own < 0 ? above : above < 0 ? own : Math.min(own, above);
    rankOf.set(id, found);
    return found;
  };
  const micros = new Map<string, number>();
  let busy = 0;
  for (const [id, spent] of selfMicros) {
    if (byId.get(id)!.callFrame.functionName === IDLE) continue;
    const found = rank(id);
    const stage = found < 0 ? OTHER : STAGES[found]!.name;
    micros.set(stage, (micros.get(stage) ?? 0) + spent);
    busy += spent;
  }
  const minutes = (profile.endTime - profile.startTime) / 60e6;
  const perMinute = (us: number): string => (us / 1e6 / minutes).toFixed(2).padStart(6);
  const lines = [...micros]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([stage, us]) =>
        `  ${perMinute(us)} s/min  ${((100 * us) / busy).toFixed(0).padStart(3)} %  ${stage}`,
    );
  lines.push(
    `  ${perMinute(busy)} s/min  busy in all (the profile's ${(minutes * 60).toFixed(0)} s)`,
  );
  return lines.join('\n');
}
