// The read model's /metrics text, rendered ahead of the scrapes: while someone scrapes, a
// change of the read model's data (a tick that sampled, a DELETE) starts a rendering, in
// slices that yield to the event loop, compressed in zlib's thread pool as it is written
// (metrics-gzip.ts). A DELETE starts one at once. A tick's data is rendered as soon as no
// tick runs, while the read model still holds the tick's judged groups (LatestState's
// holdReports: the rendering reads their partitions as judged, and the read model then lets
// go of them, src/status/group-summary.ts says why) -- unless the scrapes and the ticks come
// in known rhythms (scrape-rhythm.ts) and the next tick's data can be rendered before the
// next scrape: no scrape would read this one, and the rendering is skipped (with ticks every
// 10 s and scrapes every minute, five of six were never read, and at 100,000
// group-partitions a rendering is over half a second of CPU). Data not rendered then (a tick
// later than its rhythm said) is rendered once the next scrape is near, twice the last
// rendering's time and RENDER_LEAD_MS ahead, its partitions judged again.
// A scrape answers with the last finished rendering, even while a newer one runs: at
// 100,000 group-partitions a rendering takes over half a second of CPU, and a scrape that
// waited for it took as long (p99 over a second on a loaded machine).
// So a scrape may show the tick before the latest for as long as one rendering takes;
// Prometheus stamps samples with the scrape's time, so the values lag by that much, as
// Burrow's own values lag its storage. A scrape that comes well before its rhythm said
// (more than RENDER_LEAD_MS early) may show older data, from the last rendering: once, as
// the rhythm then learns the shorter gap.
// Four cases wait for a rendering instead:
// - a scrape after a change of a small read model (under WAIT_BELOW_GROUP_PARTITIONS, where
//   a rendering takes a few tens of ms at most) waits for the rendering of the change: a
//   scrape right after a tick shows that tick, as before rendering ahead;
// - a scrape that finds no finished rendering waits for one (it renders ahead from the
//   start, as if scraped then, so only a scrape in the first seconds after start does);
// - the first scrape after an idle spell (IDLE_AFTER_MS without a scrape, also from the
//   start) waits for a rendering of the read model as it is when the scrape arrives: no
//   rendering is made or kept while nobody scrapes, so an unscraped service spends no CPU
//   on /metrics;
// - a scrape after a DELETE waits for a rendering taken after it: a deleted group must not
//   come back in any scrape answered after the DELETE returned (as the JSON API). DELETEs are
//   rare and made by hand, so the wait costs almost nothing; making the DELETE itself wait
//   would slow every DELETE by a rendering, and the compressed text cannot be filtered
//   without unpacking it.
// The renderings keep their label text from one to the next (state-labels.ts): the cache
// owns it, holds only the groups of the last rendering's input, and drops it with the last
// rendering when nobody scrapes. So with the Buffers the text is written into
// (metrics-chunk-pool.ts).
import type { LatestState } from '../pipeline/latest.js';
import { ChunkPool } from './metrics-chunk-pool.js';
import { DeflateSink, type OpenDeflate } from './metrics-gzip.js';
import { ScrapeRhythm } from './scrape-rhythm.js';
import { StateLabels } from './state-labels.js';
import {
  takeStateMetricsInput,
  writeStateMetrics,
  type StateMetricsInput,
} from './state-metrics.js';

/** How often the read model is checked for a change while someone scrapes. */
export const POLL_MS = 100;
/**
 * After this long without a scrape no more renderings are made (and the last is dropped):
 * longer than any scrape interval Prometheus users set (the default is one minute).
 */
export const IDLE_AFTER_MS = 5 * 60_000;

/**
 * Below this many group-partitions a scrape waits for the rendering of the latest data (at
 * 10,000, about 60 ms of CPU on a quiet machine); from it on, it is answered with the last.
 */
export const WAIT_BELOW_GROUP_PARTITIONS = 10_000;

/**
 * A rendering ahead starts at least this long before the next scrape is expected (on top of
 * twice the last rendering's time): room for a scrape a little early, and for a tick that
 * lands during the rendering to be rendered too.
 */
export const RENDER_LEAD_MS = 2_000;

export interface StateMetricsCacheOptions {
  readonly waitBelowGroupPartitions?: number;
  readonly pollMs?: number;
  readonly idleAfterMs?: number;
  /** The clock for the idle spell (tests). */
  readonly now?: () => number;
  /** Whether no tick runs now: a tick's data is rendered ahead only then. Always, unless given. */
  readonly ticksIdle?: () => boolean;
}

/** Which data a rendering shows: the read model's data version and the DELETEs before it. */
interface Stamp {
  readonly version: number;
  readonly deletes: number;
}

interface Rendering extends Stamp {
  readonly groupPartitions: number;
  readonly done: Promise<OpenDeflate>;
}

interface Rendered extends Stamp {
  readonly text: OpenDeflate;
}

export class StateMetricsCache {
  readonly #latest: LatestState;
  readonly #pollMs: number;
  readonly #waitBelow: number;
  readonly #idleAfterMs: number;
  readonly #now: () => number;
  readonly #ticksIdle: () => boolean;
  /** The label text the renderings keep; one rendering runs at a time. */
  readonly #labels = new StateLabels();
  /** The Buffers the renderings write their text into, kept as the labels are. */
  readonly #chunks = new ChunkPool();
  #deletes = 0;
  #rendered: Rendered | null = null;
  #rendering: Rendering | null = null;
  /** A rendering of this stamp failed: the poll does not start it again (a scrape does). */
  #failed: Stamp | null = null;
  #poll: ReturnType<typeof setInterval> | null = null;
  #lastScrapeAt = 0;
  readonly #rhythm = new ScrapeRhythm();
  /** When the ticks' data came (the read model's reportsTaken changed), as a rhythm too. */
  readonly #ticks = new ScrapeRhythm();
  #reportsTaken: number;
  /** How long the last finished rendering took, from its start (ms of the cache's clock). */
  #lastRenderingMs = 0;
  #renderings = 0;

  constructor(latest: LatestState, options: StateMetricsCacheOptions = {}) {
    this.#latest = latest;
    this.#pollMs = options.pollMs ?? POLL_MS;
    this.#waitBelow = options.waitBelowGroupPartitions ?? WAIT_BELOW_GROUP_PARTITIONS;
    this.#idleAfterMs = options.idleAfterMs ?? IDLE_AFTER_MS;
    this.#now = options.now ?? Date.now;
    this.#ticksIdle = options.ticksIdle ?? (() => true);
    this.#reportsTaken = latest.reportsTaken;
    // A service is scraped from its start (Prometheus finds it, then asks every interval):
    // rendering ahead from the start spares the first scrape a wait for a whole rendering.
    this.#lastScrapeAt = this.#now();
    this.#startPolling();
  }

  /** A DELETE was applied to the read model: scrapes from now on must not show what it removed. */
  deleted(): void {
    this.#deletes++;
    if (this.#poll !== null) this.#refresh();
  }

  /**
   * The text for a scrape: the last finished rendering, unless none may answer (see the
   * top of this file); then the first rendering taken after this call.
   */
  async current(): Promise<OpenDeflate> {
    const warm = this.#poll !== null && this.#now() - this.#lastScrapeAt <= this.#idleAfterMs;
    this.#lastScrapeAt = this.#now();
    this.#rhythm.scraped(this.#lastScrapeAt);
    this.#startPolling();
    const wanted: Stamp = { version: this.#latest.dataVersion, deletes: this.#deletes };
    for (;;) {
      const rendered = this.#rendered;
      if (rendered !== null && rendered.deletes >= wanted.deletes) {
        if (rendered.version >= wanted.version) return rendered.text;
        if (warm) {
          this.#refresh();
          const newer = this.#rendering;
          if (newer === null || newer.groupPartitions >= this.#waitBelow) return rendered.text;
        }
      }
      // Started before the scrape (or before a DELETE), it may not do: then the next one.
      await (this.#rendering ?? this.#start()).done;
    }
  }

  /** Resolves when the last finished rendering shows the read model as it is now (tests). */
  async settled(): Promise<void> {
    for (;;) {
      const rendered = this.#rendered;
      if (rendered !== null && this.#isCurrent(rendered)) return;
      await (this.#rendering ?? this.#start()).done;
    }
  }

  /** Renderings finished since the cache was made (lagwatch's own /metrics series). */
  get renderings(): number {
    return this.#renderings;
  }

  /** How long the last finished rendering took, in ms from its start to its end; 0 before one. */
  get lastRenderingMs(): number {
    return this.#lastRenderingMs;
  }

  /** The read model's data version the last finished rendering shows; null if none is kept. */
  get renderedVersion(): number | null {
    return this.#rendered?.version ?? null;
  }

  /** Stops rendering ahead (the API is closing). */
  close(): void {
    if (this.#poll !== null) {
      clearInterval(this.#poll);
      // Polling is what asks the read model to hold the ticks' groups (#startPolling).
      this.#latest.holdReports(false);
    }
    this.#poll = null;
    this.#rendered = null;
    this.#rhythm.clear();
    this.#ticks.clear();
    this.#labels.clear();
    this.#chunks.clear();
  }

  #isCurrent(stamp: Stamp): boolean {
    return stamp.version === this.#latest.dataVersion && stamp.deletes === this.#deletes;
  }

  #startPolling(): void {
    if (this.#poll !== null) return;
    // Ticks from now on keep their judged groups for the rendering (released by #start).
    this.#latest.holdReports(true);
    this.#reportsTaken = this.#latest.reportsTaken;
    this.#poll = setInterval(() => {
      if (this.#now() - this.#lastScrapeAt > this.#idleAfterMs) this.close();
      else this.#refresh(true);
    }, this.#pollMs);
    // Rendering ahead never keeps the process alive.
    this.#poll.unref();
  }

  /**
   * Starts a rendering if the read model changed since the last one and none runs.
   * `ahead`: for no scrape yet (a tick's data): only once the next scrape is near (see the
   * top of this file).
   */
  #refresh(ahead = false): void {
    const taken = this.#latest.reportsTaken;
    if (taken !== this.#reportsTaken) {
      this.#reportsTaken = taken;
      this.#ticks.scraped(this.#now());
    }
    if (this.#rendering !== null) return;
    const rendered = this.#rendered;
    if (rendered !== null && this.#isCurrent(rendered)) return;
    if (this.#failed !== null && this.#isCurrent(this.#failed)) return;
    if (ahead && rendered !== null && rendered.deletes === this.#deletes) {
      // A tick of another cluster still runs: its data comes soon, rendered with this.
      if (!this.#ticksIdle()) return;
      const when = this.#renderWhen();
      if (when === 'never') this.#latest.releaseReports();
      if (when !== 'now') return;
    }
    void this.#start().done.catch(() => undefined);
  }

  /**
   * Whether to render the read model's data now, once the next scrape is near ('later'), or
   * not at all: the next tick's data can be rendered before the next scrape.
   */
  #renderWhen(): 'now' | 'later' | 'never' {
    const now = this.#now();
    const nextScrape = this.#rhythm.nextAt(now);
    if (nextScrape === null) return 'now';
    const lead = 2 * this.#lastRenderingMs + RENDER_LEAD_MS;
    const nextTick = this.#ticks.nextAt(now);
    if (nextTick !== null && nextTick + lead <= nextScrape) return 'never';
    // The tick's groups are held: rendered now, their partitions are read as judged.
    if (this.#latest.heldReports) return 'now';
    return nextScrape - now <= lead ? 'now' : 'later';
  }

  #start(): Rendering {
    // Taken now, before the first yield: the rendering shows the read model of this moment.
    const stamp: Stamp = { version: this.#latest.dataVersion, deletes: this.#deletes };
    const input = takeStateMetricsInput(this.#latest);
    // The input holds what it read of the ticks' groups until the rendering ends.
    this.#latest.releaseReports();
    const startedAt = this.#now();
    const done = render(input, this.#labels, this.#chunks);
    const rendering: Rendering = { ...stamp, groupPartitions: input.groupPartitions, done };
    this.#rendering = rendering;
    // Registered first, so it runs before any scrape that waits for `done` goes on.
    done.then(
      (text) => {
        this.#rendering = null;
        this.#failed = null;
        this.#lastRenderingMs = this.#now() - startedAt;
        this.#renderings++;
        const last = this.#rendered;
        if (last === null || (last.version <= stamp.version && last.deletes <= stamp.deletes))
          this.#rendered = { ...stamp, text };
        // The read model may have changed while this one ran.
        if (this.#poll !== null) this.#refresh(true);
      },
      () => {
        this.#rendering = null;
        this.#failed = stamp;
      },
    );
    return rendering;
  }
}

async function render(
  input: StateMetricsInput,
  labels: StateLabels,
  chunks: ChunkPool,
): Promise<OpenDeflate> {
  const sink = new DeflateSink();
  try {
    await writeStateMetrics(input, sink, labels, chunks);
    return await sink.end();
  } catch (error) {
    sink.destroy();
    throw error;
  }
}
