// On-demand profiles for bench/service, kept under bench/out/ (gitignored): a CPU profile
// (open it in Chrome DevTools or speedscope) with the main thread's time by stage of the
// service's work (profile-stages.ts) and its hottest functions by self time printed, and a
// heap snapshot.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { IDLE, stageSummary, type StageProfile } from './profile-stages.js';

// bench/out/ of the repository, whether this runs from bench/ or compiled from dist/bench/.
export const outDir = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/bench/') ? '../../../bench/out' : '../out',
    import.meta.url,
  ),
);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile extends StageProfile {
  nodes: ProfileNode[];
}

export class CpuProfiler {
  readonly #session = new Session();

  async start(): Promise<void> {
    this.#session.connect();
    await this.#session.post('Profiler.enable');
    await this.#session.post('Profiler.setSamplingInterval', { interval: 500 });
    await this.#session.post('Profiler.start');
  }

  /**
   * Stops, writes `<name>.cpuprofile`, returns its path, the top functions by self time and
   * the main thread's time by stage (profile-stages.ts).
   */
  async stop(name: string, top = 25): Promise<{ path: string; summary: string; stages: string }> {
    const { profile } = (await this.#session.post('Profiler.stop')) as { profile: CpuProfile };
    this.#session.disconnect();
    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, `${name}.cpuprofile`);
    writeFileSync(path, JSON.stringify(profile));
    // Shares of the busy time: the idle samples (most of a run) are left out.
    const busyNodes = profile.nodes.filter((node) => node.callFrame.functionName !== IDLE);
    const totalHits = busyNodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
    const bySite = new Map<string, number>();
    for (const node of busyNodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const file = url.replace(/^.*\/(node_modules\/|src\/|sinks\/|bench\/)/, '$1');
      const site = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
      bySite.set(site, (bySite.get(site) ?? 0) + (node.hitCount ?? 0));
    }
    const summary = [...bySite]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([site, hits]) => `  ${((100 * hits) / totalHits).toFixed(1).padStart(5)} %  ${site}`)
      .join('\n');
    return { path, summary, stages: stageSummary(profile) };
  }
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * V8's sampling heap profiler, counting objects the garbage collector has already freed as
 * well (what a tick allocates, not what it keeps): where the collector's work comes from.
 */
export class AllocationProfiler {
  readonly #session = new Session();

  /**
   * `promotedOnly`: leave out what a young-generation collection freed, so the profile
   * counts what was promoted (or was still young at the end) by where it was allocated, and
   * also what was still young when a full collection ran: a full collection sweeps the
   * young generation too, and its samples are not told apart. So an upper bound.
   */
  constructor(readonly promotedOnly = false) {}

  async start(): Promise<void> {
    this.#session.connect();
    await this.#session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: !this.promotedOnly,
    });
  }

  /** Stops, writes `<name>.heapprofile`, returns its path and the top sites by bytes allocated. */
  async stop(name: string, seconds: number, top = 25): Promise<{ path: string; summary: string }> {
    const { profile } = (await this.#session.post('HeapProfiler.stopSampling')) as {
      profile: { head: SamplingNode };
    };
    this.#session.disconnect();
    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, `${name}.heapprofile`);
    writeFileSync(path, JSON.stringify(profile));
    const bySite = new Map<string, number>();
    let total = 0;
    const walk = (node: SamplingNode): void => {
      const { functionName, url, lineNumber } = node.callFrame;
      const file = url.replace(/^.*\/(node_modules\/|src\/|sinks\/|bench\/)/, '$1');
      const site = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      total += node.selfSize;
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
    const summary = [
      `  ${mb(total)} MiB ${this.promotedOnly ? 'outlived the young generation or were swept young by a full collection' : 'allocated'} in ${seconds} s (${mb((total * 60) / seconds)} MiB a minute)`,
      ...[...bySite]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(
          ([site, bytes]) =>
            `  ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${mb(bytes).padStart(7)} MiB  ${site}`,
        ),
    ].join('\n');
    return { path, summary };
  }
}

export function heapSnapshot(name: string): string {
  mkdirSync(outDir, { recursive: true });
  return writeHeapSnapshot(join(outDir, `${name}.heapsnapshot`));
}
