// A populated window store and the state lagwatch would write from it, real temp dirs,
// and a logger that keeps its lines: shared by the state directory's tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { WindowStore } from '../../../src/window/store.js';
import type { PersistedState } from '../../../src/state/index.js';
import { tickRecord } from '../../../src/state/index.js';
import { evaluateGroup, evaluatorOptions } from '../../../src/status/index.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { group, partition, snapshot } from '../window/snapshot-fixtures.js';
import { captureLogger } from '../sinks/helpers/logger.js';

export { captureLogger };

export const storeOptions = { intervals: 3, expireGroupAfterMs: 600_000, endOffsetHistory: 10 };
export const evaluator = evaluatorOptions({ intervals: 3 });

/** A fresh temp dir, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagwatch-state-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Clusters a and b, groups keeping up, falling behind, denied later, of each type (and one
 * the broker did not type); reports as a tick makes them.
 */
export function populated(ticks = 5): { store: WindowStore; reports: EvaluationReport[] } {
  const store = new WindowStore(storeOptions);
  const reports: EvaluationReport[] = [];
  for (let i = 0; i <= ticks; i++) {
    const at = 1_000_000 + i * 1000;
    const a = snapshot(at, [
      group(
        'orders',
        [
          partition('t', 0, Math.min(150, i * 100), i * 100, true),
          partition('t', 1, i * 50, i * 100 + 7),
          partition('t', 2, null, i * 100), // owned, never committed
        ],
        { type: 'consumer' },
      ),
      group('payments', [partition('u', 0, i * 10, i * 10), partition('secret-topic', 0, i, i)], {
        type: 'classic',
      }),
      group('test-tmp', [partition('u', 0, i, i * 10)], { state: 'Empty', members: 0 }),
    ]);
    const b = snapshot(at + 10, [group('h', [partition('v', 3, i, i + 2)], { type: 'other' })], {
      cluster: 'b',
    });
    for (const snap of [a, b]) {
      store.record(snap);
      if (i === ticks) reports.push(reportOf(store, snap.cluster, snap.takenAt, snap.offsets));
    }
  }
  return { store, reports };
}

export function reportOf(
  store: WindowStore,
  cluster: string,
  takenAt: number,
  offsets: EvaluationReport['offsets'],
): EvaluationReport {
  const groups = store.windows(cluster).map((w) => evaluateGroup(w, evaluator, takenAt));
  return {
    cluster,
    takenAt,
    durationMs: 5,
    available: true,
    fault: null,
    groups,
    offsets,
    maxLag: Math.max(0, ...groups.map((g) => g.maxlag?.currentLag ?? 0)),
  };
}

/** What lagwatch would write after the populated store's last tick. */
export function persisted(extra: Partial<PersistedState> = {}): PersistedState {
  const { store, reports } = populated();
  return {
    savedAt: 1_005_500,
    windows: store.exportState(),
    ticks: [
      ...reports.map((r) => tickRecord(r.cluster, r, 1_000_000)),
      tickRecord('c', null, null),
    ],
    modules: { alerts: { incidents: [{ id: 1, group: 'orders', openedAt: 1_003_000 }] } },
    ...extra,
  };
}

/** Float64Arrays as plain arrays, for deepEqual of states. */
export const plain = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      v instanceof Float64Array ? { f64: [...v].map((n) => (Number.isNaN(n) ? 'NaN' : n)) } : v,
    ),
  );
