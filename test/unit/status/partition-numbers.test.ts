// The evaluator keeps a partition's numbers packed (src/status/partition-numbers.ts): what a
// status hands out must be what it was given, field for field, whether the partition was
// judged alone or beside the rest of its group.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArraySeries } from '../../../src/status/array-series.js';
import { JudgedSamples } from '../../../src/status/judged-samples.js';
import { evaluateGroup, evaluatePartition, evaluatorOptions } from '../../../src/status/index.js';
import { EvaluatedPartition, putPartitionNumbers } from '../../../src/status/partition-status.js';
import {
  ARENA_PARTITIONS,
  PARTITION_SLOTS,
  detailAt,
  PartitionArena,
  partitionNumbers,
  putReason,
  Slot,
} from '../../../src/status/partition-numbers.js';
import { REASON_KEYS, ReasonCode } from '../../../src/contract/reasons.js';
import { REASON_STATUS } from '../../../src/status/reasons.js';
import type { ReasonDetail } from '../../../src/contract/reasons.js';
import type { PartitionStatus } from '../../../src/contract/evaluation.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { generatedWindow, NOW } from './generated-window.js';

/** Every field of a status, read through its getters. */
const fields = (p: PartitionStatus) => ({
  ...(p as EvaluatedPartition).toJSON(),
  reasonDetail: p.reasonDetail,
});

describe('packed partition numbers', () => {
  test('a status gives back the samples, lags and numbers it was judged from', () => {
    const random = seededRandom(15);
    const codes = new Set<string>();
    for (const rules of ['lagwatch', 'burrow'] as const) {
      const options = evaluatorOptions({ intervals: 10, rules });
      for (let i = 0; i < 400; i++) {
        const window = generatedWindow(random, i);
        const p = evaluatePartition(window, options, NOW, random() < 0.2 ? 'Empty' : null);
        codes.add(p.reason);
        const n = window.samples.length;
        const first = Math.max(0, n - options.intervals);
        assert.deepStrictEqual(p.start, n > 0 ? window.samples[first] : null, `start ${i}`);
        assert.deepStrictEqual(p.end, n > 0 ? window.samples[n - 1] : null, `end ${i}`);
        assert.equal(p.endOffset, n > 0 ? window.samples[n - 1]!.offset : null, `endOffset ${i}`);
        assert.equal(p.currentLag, window.currentLag);
        assert.equal(p.timeLagMs, window.timeLagMs);
        assert.equal(p.catchUpMs, window.catchUpMs);
        assert.equal(p.messagesLost, window.messagesLost);
        assert.equal(p.complete, Math.min(n, options.intervals) / options.intervals);
        assert.equal(p.owner, window.owner ?? '');
        assert.equal(p.reasonDetail.code, p.reason);
        // The same numbers without the detail object (an encoder's way), null as NaN.
        const detail = p.reasonDetail as unknown as Record<string, number | null>;
        const read = REASON_KEYS[p.reason].map((_, k) => (p as EvaluatedPartition).reasonNumber(k));
        const want = REASON_KEYS[p.reason].map((key) => detail[key] ?? Number.NaN);
        assert.deepStrictEqual(read, want, `reasonNumber ${i}`);
      }
    }
    assert.ok(codes.size >= 8, `several reasons seen: ${[...codes].join(', ')}`);
  });

  test("a report's partitions, packed in shared chunks, are each what it is judged alone", () => {
    const random = seededRandom(16);
    const options = evaluatorOptions({ intervals: 10 });
    const arena = new PartitionArena();
    // Enough groups to fill several chunks, and one group larger than a chunk. Every group is
    // judged before any is compared, so a partition written over by a later one shows.
    const sizes = Array.from({ length: 200 }, () => 1 + Math.floor(random() * 12));
    sizes.splice(100, 0, ARENA_PARTITIONS + 5);
    assert.ok(sizes.reduce((a, b) => a + b) > 3 * ARENA_PARTITIONS);
    const judged = sizes.map((size, g) => {
      const partitions = Array.from({ length: size }, (_, i) => generatedWindow(random, i));
      const state = random() < 0.2 ? 'Empty' : 'Stable';
      const window = { cluster: 'c', group: `g${g}`, state, partitions };
      return { window, status: evaluateGroup(window, options, NOW, arena) };
    });
    for (const { window, status } of judged) {
      const alone = evaluateGroup(window, options, NOW);
      status.partitions.forEach((p, i) => {
        const want = evaluatePartition(window.partitions[i]!, options, NOW, window.state);
        assert.deepStrictEqual(fields(p), fields(want), `${window.group} partition ${i}`);
        assert.deepStrictEqual(fields(alone.partitions[i]!), fields(want), `${window.group} alone`);
      });
    }
  });

  test("every reason's detail comes back with its keys, in order, nulls kept", () => {
    const details: ReasonDetail[] = [
      { code: ReasonCode.GROUP_EMPTY, currentLag: 12, allowedLag: 0 },
      { code: ReasonCode.NO_SAMPLES },
      { code: ReasonCode.WINDOW_INCOMPLETE, count: 3, intervals: 10, minimumComplete: 0.5 },
      { code: ReasonCode.LAG_WITHIN_ALLOWED, currentLag: 0, allowedLag: 10 },
      { code: ReasonCode.COMMITS_STOPPED, lastOffset: 9e15, sinceMs: 1, spanMs: 2, currentLag: 3 },
      { code: ReasonCode.OFFSET_REWOUND, before: 10, after: 5, at: 4, count: 10, highest: 8 },
      { code: ReasonCode.CAUGHT_UP_IN_WINDOW, lag: 0, at: 1, count: 10, allowedLag: 0 },
      { code: ReasonCode.OFFSET_UNCHANGED, offset: 7, count: 10, spanMs: 90_000, allowedLag: 0 },
      ...(['LAG_NOT_DECREASING', 'LAG_GROWING', 'LAG_NOT_GROWING'] as const).map(
        (code) =>
          ({
            code,
            firstOffset: 1,
            lastOffset: 2,
            count: 10,
            spanMs: 3,
            firstLag: null,
            lastLag: 4,
          }) as const,
      ),
      { code: ReasonCode.TOO_FEW_SAMPLES, count: 2, minimumSamples: 5 },
      { code: ReasonCode.LAG_DECREASING, fromLag: null, toLag: 3, at: 2, count: 10 },
    ];
    assert.equal(new Set(details.map((d) => d.code)).size, Object.keys(ReasonCode).length);
    const window = generatedWindow(seededRandom(17), 0);
    const numbers = partitionNumbers(details.length);
    const statuses = details.map((detail, i) => {
      // As the rules store them: the numbers in the detail's key order, after its code.
      const values = Object.values(detail).slice(1) as (number | null)[];
      putReason(numbers, i * PARTITION_SLOTS + Slot.DETAIL, detail.code, ...values);
      putPartitionNumbers(numbers, i, window, new JudgedSamples().fill(new ArraySeries([]), 0), 0);
      const { topic, partition } = window;
      return new EvaluatedPartition().moveTo(topic, partition, '', '', detail.code, numbers, i);
    });
    statuses.forEach((p, i) => {
      assert.deepStrictEqual(p.reasonDetail, details[i]);
      assert.equal(p.status, REASON_STATUS[p.reason], "the status is the reason's");
      assert.equal(JSON.stringify(p.reasonDetail), JSON.stringify(details[i]), 'key order');
      assert.equal(p.start, null);
      assert.equal(p.end, null);
    });
  });

  test("a detail's keys are REASON_KEYS' of its reason, in that order, each with its slot", () => {
    const numbers = partitionNumbers(1);
    for (const code of Object.values(ReasonCode)) {
      // Slot k holds k + 1, so a key read from the wrong slot shows.
      putReason(numbers, Slot.DETAIL, code, 1, 2, 3, 4, 5, 6);
      const detail = detailAt(numbers, Slot.DETAIL, code) as unknown as Record<string, unknown>;
      const keys = REASON_KEYS[code];
      assert.deepEqual(Object.keys(detail), ['code', ...keys], code);
      assert.equal(detail.code, code);
      keys.forEach((key, k) => assert.equal(detail[key], k + 1, `${code}.${key}`));
    }
  });
});
