// A judged group keeps its partitions' numbers and names, not their objects
// (src/status/evaluated-group.ts): what it hands out, and what JSON carries, must be what a
// group made of its partitions' own statuses would be, key for key, while no partition
// object lives as long as the group.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluateGroup,
  evaluatePartition,
  evaluatorOptions,
  groupStatusFor,
  namesOf,
  statusNumber,
} from '../../../src/status/index.js';
import type { EvaluatedGroup } from '../../../src/status/evaluated-group.js';
import { PartitionArena } from '../../../src/status/partition-numbers.js';
import { PartitionReader } from '../../../src/contract/partition-reader.js';
import type {
  GroupStatus,
  GroupWindow,
  PartitionStatus,
  PartitionStatusCode,
} from '../../../src/status/index.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { generatedWindow, NOW } from './generated-window.js';

/** The group as Burrow's rules define it, from each partition judged alone, as plain data. */
function plainGroup(window: GroupWindow, statuses: PartitionStatus[]): GroupStatus {
  let worst: PartitionStatusCode = 'OK';
  let maxlag: PartitionStatus | null = null;
  let totallag = 0;
  let complete = 0;
  for (const p of statuses) {
    if (statusNumber[p.status] > statusNumber[worst]) worst = p.status;
    if (maxlag === null || p.currentLag > maxlag.currentLag) maxlag = p;
    totallag += p.currentLag;
    if (p.complete === 1) complete++;
  }
  return {
    cluster: window.cluster,
    group: window.group,
    status: groupStatusFor(worst),
    complete: statuses.length === 0 ? 0 : complete / statuses.length,
    partitions: statuses,
    partitionCount: statuses.length,
    maxlag,
    totallag,
    state: window.state ?? null,
    members: window.members ?? null,
    type: window.type ?? null,
  };
}

function generatedGroups(seed: number, count: number): GroupWindow[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, g) => {
    // Some groups with equal lags, so that "the first with the most lag" is tested.
    const size = g % 7 === 0 ? 0 : 1 + Math.floor(random() * 12);
    const partitions = Array.from({ length: size }, (_, i) => {
      const w = generatedWindow(random, i);
      return g % 5 === 0 ? { ...w, currentLag: 100 * (i % 3) } : w;
    });
    return {
      cluster: 'c',
      group: `g${g}`,
      state: random() < 0.2 ? 'Empty' : 'Stable',
      members: Math.floor(random() * 4),
      type: 'classic' as const,
      partitions,
    };
  });
}

describe('an evaluated group', () => {
  test("its JSON is, key for key, the plain group of its partitions' own statuses", () => {
    const arena = new PartitionArena();
    for (const rules of ['lagwatch', 'burrow'] as const) {
      const options = evaluatorOptions({ intervals: 10, rules });
      const windows = generatedGroups(rules === 'burrow' ? 31 : 32, 300);
      // Every group judged before any is compared, as a report's are.
      const judged = windows.map((w) => evaluateGroup(w, options, NOW, arena));
      windows.forEach((window, g) => {
        const state = window.state ?? null;
        const alone = window.partitions.map((p) => evaluatePartition(p, options, NOW, state));
        const want = JSON.stringify(plainGroup(window, alone));
        assert.equal(JSON.stringify(judged[g]), want, `${rules} ${window.group}`);
      });
    }
  });

  test('its fields are the plain group’s; maxlag is the first partition with the most lag', () => {
    const options = evaluatorOptions({ intervals: 10 });
    for (const window of generatedGroups(33, 200)) {
      const status = evaluateGroup(window, options, NOW);
      const alone = window.partitions.map((p) => evaluatePartition(p, options, NOW, window.state));
      const want = plainGroup(window, alone);
      for (const key of ['status', 'complete', 'partitionCount', 'totallag', 'state'] as const)
        assert.equal(status[key], want[key], `${window.group} ${key}`);
      assert.equal(status.partitions.length, window.partitions.length);
      const index = want.maxlag === null ? -1 : alone.findIndex((p) => p === want.maxlag);
      if (index < 0) assert.equal(status.maxlag, null, window.group);
      else {
        assert.equal(status.maxlag?.partition, window.partitions[index]!.partition, window.group);
        assert.equal(JSON.stringify(status.maxlag), JSON.stringify(status.partitions[index]));
      }
    }
  });

  test('makes its partition objects on each read: none lives as long as the group', () => {
    const options = evaluatorOptions({ intervals: 10 });
    const [window] = generatedGroups(34, 2).filter((w) => w.partitions.length > 1);
    const status = evaluateGroup(window!, options, NOW);
    const first = status.partitions;
    const again = status.partitions;
    assert.notEqual(first, again, 'a new array on each read');
    assert.notEqual(first[0], again[0], 'new partition objects on each read');
    assert.notEqual(status.maxlag, status.maxlag);
    assert.deepStrictEqual(JSON.stringify(first), JSON.stringify(again), 'the same content');
  });

  test('keeps a reason text once read, for every later object of that partition', () => {
    const options = evaluatorOptions({ intervals: 10 });
    const [window] = generatedGroups(35, 3).filter((w) => w.partitions.length > 2);
    const status = evaluateGroup(window!, options, NOW) as EvaluatedGroup;
    const alone = window!.partitions.map((p) => evaluatePartition(p, options, NOW, window!.state));
    assert.equal(status.keptReasonText(1), undefined, 'nothing kept before a read');
    const text = status.partitions[1]!.reasonText;
    assert.equal(text, alone[1]!.reasonText);
    assert.equal(status.keptReasonText(1), text, 'kept in the group once read');
    assert.equal(status.keptReasonText(0), undefined, 'only the partition read');
    // A later object finds the kept text rather than making it again.
    status.keepReasonText(2, 'kept before');
    assert.equal(status.partitions[2]!.reasonText, 'kept before');
    const json = JSON.parse(JSON.stringify(status)) as GroupStatus;
    assert.equal(json.partitions[2]!.reasonText, 'kept before');
  });
});

describe('a partition object read again for the next partition (PartitionReader)', () => {
  test('says the status of the reason it now has, however reasons follow one another', () => {
    const options = evaluatorOptions({ intervals: 10 });
    const reader = new PartitionReader();
    const seen = new Set<string>();
    // One reader over every group, as the encoders read a report: the same object is
    // pointed at partitions whose reasons change, stay, and come back.
    for (const window of generatedGroups(36, 300)) {
      const status = evaluateGroup(window, options, NOW);
      const count = reader.open(status);
      for (let i = 0; i < count; i++) {
        const p = reader.at(i);
        const alone = evaluatePartition(window.partitions[i]!, options, NOW, window.state);
        assert.equal(p.reason, alone.reason, `${window.group} ${i}`);
        assert.equal(p.status, alone.status, `${window.group} ${i} ${p.reason}`);
        seen.add(`${p.status} ${p.reason}`);
      }
      reader.close();
    }
    assert.ok(seen.size >= 4, `reasons of several statuses met: ${[...seen].join(', ')}`);
  });
});

describe("an evaluated group judged with the previous tick's status", () => {
  const options = evaluatorOptions({ intervals: 10 });
  const names = (status: GroupStatus): readonly string[] => (status as EvaluatedGroup).names;

  test("shares the previous status's names when they are the same, and judges alike", () => {
    for (const window of generatedGroups(36, 200)) {
      const before = evaluateGroup(window, options, NOW);
      const status = evaluateGroup(window, options, NOW, undefined, namesOf(before));
      assert.equal(names(status), names(before), window.group);
      assert.equal(JSON.stringify(status), JSON.stringify(evaluateGroup(window, options, NOW)));
    }
  });

  test('makes names of its own when any differs: the topic, owner or client.id', () => {
    const changes: [string, (p: GroupWindow['partitions'][number]) => object][] = [
      ['topic', () => ({ topic: 'renamed' })],
      ['owner', () => ({ owner: 'host-new' })],
      ['client.id', () => ({ clientId: 'client-new' })],
    ];
    const [base] = generatedGroups(37, 40).filter(
      (w) => w.partitions.length > 3 && w.partitions.every((p) => p.samples.length > 0),
    );
    for (const [what, change] of changes) {
      for (const at of [0, 2, base!.partitions.length - 1]) {
        const before = evaluateGroup(base!, options, NOW);
        const window = {
          ...base!,
          partitions: base!.partitions.map((p, i) => (i === at ? { ...p, ...change(p) } : p)),
        };
        const status = evaluateGroup(window, options, NOW, undefined, namesOf(before));
        assert.notEqual(names(status), names(before), `${what} at ${at}`);
        assert.equal(
          JSON.stringify(status),
          JSON.stringify(evaluateGroup(window, options, NOW)),
          `${what} at ${at}`,
        );
        assert.equal(names(before).length, base!.partitions.length * 3, 'the previous kept');
      }
    }
  });

  test('shares the names when only a reason differs, and reports the new reason', () => {
    // The reasons are numbers beside the partitions' numbers: a partition whose lag goes
    // in and out of the allowed lag changes reason every tick, and keeps its names.
    const [base] = generatedGroups(39, 40).filter(
      (w) => w.partitions.length > 2 && w.partitions.every((p) => p.samples.length > 0),
    );
    for (const at of [0, base!.partitions.length - 1]) {
      const before = evaluateGroup(base!, options, NOW);
      const window = {
        ...base!,
        partitions: base!.partitions.map((p, i) => (i === at ? { ...p, samples: [] } : p)),
      };
      const status = evaluateGroup(window, options, NOW, undefined, namesOf(before));
      assert.equal(names(status), names(before), `names shared, partition ${at}`);
      assert.equal(status.partitions[at]!.reason, 'NO_SAMPLES');
      assert.notEqual(before.partitions[at]!.reason, 'NO_SAMPLES', 'the reason changed');
      assert.equal(JSON.stringify(status), JSON.stringify(evaluateGroup(window, options, NOW)));
      assert.equal(
        JSON.stringify(before),
        JSON.stringify(evaluateGroup(base!, options, NOW)),
        'the previous status still reports its own reasons',
      );
    }
  });

  test('makes names of its own when the partition count differs', () => {
    const [base] = generatedGroups(38, 40).filter((w) => w.partitions.length > 2);
    const before = evaluateGroup(base!, options, NOW);
    const fewer = { ...base!, partitions: base!.partitions.slice(1) };
    const status = evaluateGroup(fewer, options, NOW, undefined, namesOf(before));
    assert.notEqual(names(status), names(before));
    assert.equal(JSON.stringify(status), JSON.stringify(evaluateGroup(fewer, options, NOW)));
  });
});
