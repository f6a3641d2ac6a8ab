// /metrics' first rendering, made before the API listens (an onReady hook: Fastify listens
// once it is done). A service restarted with its state, like bench/service after filling its
// windows, holds a full read model from its start, so the first scrape found no rendering
// and waited for one. That rendering ran cold (V8 still compiling its code) and beside the
// tick the service fires at start: 1.2–1.5 s at 10,000 groups x 10 partitions, against
// ≤ 51 ms for every later scrape. Made here, it has the event loop to itself, before any
// tick and before any request, and the first scrape is answered from it.
// The wait is bounded: past FIRST_RENDERING_WAIT_MS the API listens anyway (the rendering
// goes on, and a scrape waits for it as before). A rendering that fails is logged and the
// API listens: /metrics then renders again when scraped, as after any failed rendering.
import type { Logger } from '../contract/logger.js';

/** How long the API's start waits for the first rendering (about 1 s at 100,000 group-partitions). */
export const FIRST_RENDERING_WAIT_MS = 5_000;

/** What this waits on: resolves once the read model as it is now is rendered. */
export interface Renderings {
  settled(): Promise<void>;
}

export type FirstRendering =
  | { readonly kind: 'rendered'; readonly ms: number }
  | { readonly kind: 'still-rendering'; readonly ms: number }
  | { readonly kind: 'failed'; readonly ms: number; readonly error: unknown };

/** Waits for the read model's rendering, at most `waitMs`; logs and says how it went. */
export async function renderBeforeListening(
  renderings: Renderings,
  logger: Logger,
  waitMs = FIRST_RENDERING_WAIT_MS,
): Promise<FirstRendering> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<'waited'>((resolve) => {
    timer = setTimeout(() => resolve('waited'), waitMs);
  });
  let outcome: FirstRendering;
  try {
    const first = await Promise.race([renderings.settled(), waited]);
    outcome =
      first === 'waited'
        ? { kind: 'still-rendering', ms: elapsed() }
        : { kind: 'rendered', ms: elapsed() };
  } catch (error) {
    outcome = { kind: 'failed', ms: elapsed(), error };
  } finally {
    clearTimeout(timer);
  }
  if (outcome.kind === 'rendered')
    logger.info({ ms: outcome.ms }, 'metrics rendered before listening');
  else if (outcome.kind === 'still-rendering')
    logger.warn({ ms: outcome.ms }, 'metrics still rendering; listening anyway');
  else logger.warn({ ms: outcome.ms, err: outcome.error }, 'metrics rendering failed at start');
  return outcome;
}
