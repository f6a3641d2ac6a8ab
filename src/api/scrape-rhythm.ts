// When the next /metrics scrape is expected, from when the last ones came. Prometheus asks
// each target at a fixed interval (`scrape_interval`: 1 m by default, 15 s in its example
// configuration), so the next scrape is the last one plus that interval. The metrics cache
// uses it to render a tick's data ahead only when a scrape will read it: with ticks every
// 10 s and scrapes every minute, five of six renderings were never read by anyone, and at
// 100,000 group-partitions a rendering is over half a second of CPU.
// Several scrapers (an HA pair of Prometheus servers, a person with curl) make the gaps
// uneven: the shortest recent gap is taken, so a rendering comes too early rather than too
// late. A scrape later than expected by half a gap means the rhythm is not known any more.

/** Scrape times kept: enough to see the shorter gap of two scrapers interleaved. */
export const SCRAPES_KEPT = 5;

export class ScrapeRhythm {
  /** Scrape times (ms), oldest first, at most SCRAPES_KEPT. */
  readonly #times: number[] = [];

  /** A scrape came at `at` (ms). */
  scraped(at: number): void {
    const times = this.#times;
    const last = times[times.length - 1];
    // A clock that went back (or two scrapes at once) gives no gap to learn from.
    if (last !== undefined && at <= last) return;
    times.push(at);
    if (times.length > SCRAPES_KEPT) times.shift();
  }

  /**
   * When the next scrape is expected (ms), seen at `now`; null when that is not known:
   * fewer than two scrapes so far, or the expected one is late by more than half a gap.
   */
  nextAt(now: number): number | null {
    const times = this.#times;
    if (times.length < 2) return null;
    let gap = Infinity;
    for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
    const next = times[times.length - 1]! + gap;
    return now > next + gap / 2 ? null : next;
  }

  /** Forgets every scrape (nobody scrapes any more). */
  clear(): void {
    this.#times.length = 0;
  }
}
