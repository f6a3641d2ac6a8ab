// The state directory in the running service: opened before anything starts (the lock,
// the windows restored into the store less what the config no longer watches), the
// restored evaluations given to the read model so the API answers at once, and written
// after every tick. Restored reports go to the read model only, never to the sinks: they
// were delivered before the restart.
import type { Config } from '../config/index.js';
import type { Logger } from '../contract/logger.js';
import { admits } from '../kafka/filters.js';
import type { LatestState } from '../pipeline/latest.js';
import type { LagwatchService } from '../pipeline/service.js';
import { DurableState, restoredReports, tickRecord, watchedBy } from '../state/index.js';
import { evaluateGroup } from '../status/index.js';
import type { WindowStoreExport } from '../window/store-export.js';

/** Throws LAGWATCH_STATE_LOCKED or LAGWATCH_STATE_IO; a damaged file is moved aside. */
export async function openDurableState(
  config: Config,
  service: LagwatchService,
  latest: LatestState,
  logger: Logger,
): Promise<DurableState> {
  const durable = await DurableState.open({
    dir: config.state.dir,
    persistIntervalMs: config.state.persistIntervalMs,
    logger: logger.child({ module: 'state' }),
    watched: watchedBy(config.clusters, admits),
    store: service.store,
  });
  const ticks = durable.restored?.ticks ?? [];
  for (const restored of restoredReports(ticks, service.store, (window, at) =>
    evaluateGroup(window, service.evaluator, at),
  )) {
    latest.record(restored.report);
    // record() takes the report's time as the first sample's; the state knows the real one.
    const view = latest.cluster(restored.report.cluster);
    if (view) view.firstSampledAt = restored.firstSampledAt;
  }
  // Each write's export overwrites the last one's arrays: that write has ended by then.
  let lastExport: WindowStoreExport | undefined;
  durable.track({
    windows: () => (lastExport = service.store.exportState(lastExport)),
    ticks: () =>
      latest.clusterNames().map((name) => {
        const view = latest.cluster(name);
        return tickRecord(name, view?.lastGood?.report ?? null, view?.firstSampledAt ?? null);
      }),
  });
  return durable;
}
