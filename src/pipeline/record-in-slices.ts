// A tick's snapshot into the window store in slices, yielding to the event loop between
// them, as the report is then judged (build-report.ts): at 10,000 groups x 10 partitions
// recording it at once held the loop for 40 to 150 ms each tick. The signal does not stop
// the recording half way: once it is aborted, what is left is recorded at once (a bounded
// piece of work with no I/O), so the store always holds whole ticks, and the judging that
// follows stops at its first check.
import type { GroupLag, GroupLagSource, SnapshotHead } from '../contract/snapshot.js';
import { TimeSlices } from '../util/time-slices.js';
import type { WindowStore } from '../window/store.js';

/** Most groups recorded between two yields to the event loop; fewer when a slice's time is up. */
export const RECORDED_GROUPS_PER_SLICE = 500;

/** `groups`: where the groups come from when not from the snapshot (WindowStore.startRecording). */
export async function recordInSlices(
  store: WindowStore,
  snapshot: SnapshotHead & { readonly groups?: readonly GroupLag[] },
  samples: 'ticks' | 'commits',
  signal: AbortSignal,
  groupsPerSlice = RECORDED_GROUPS_PER_SLICE,
  groups?: GroupLagSource,
): Promise<void> {
  const recording = store.startRecording(snapshot, samples, groups);
  if (recording === null) return;
  const slices = new TimeSlices();
  try {
    let inSlice = 0;
    while (recording.recordNext()) {
      if (++inSlice < groupsPerSlice && !slices.due) continue;
      if (signal.aborted) break;
      // Not given the signal: an abort while this yields records the rest once it resumes.
      await slices.next();
      inSlice = 0;
    }
    // Also when a DELETE or an export finished it while this yielded (then it does nothing).
    recording.finish();
  } catch (error) {
    recording.abandon();
    throw error;
  }
}
