// A PartitionReader reads a group's partitions as `partitions` lists them, one at a time,
// with one object moved along an evaluated group's partitions instead of one per partition
// (src/status/partition-reader.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluateGroup,
  evaluatorOptions,
  PartitionArena,
  PartitionReader,
} from '../../../src/status/index.js';
import type { GroupStatus, PartitionStatus } from '../../../src/status/index.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { generatedWindow, NOW } from './generated-window.js';

/** Every field of a partition, read through its getters, as JSON gives them. */
const text = (p: PartitionStatus): string => JSON.stringify(p);

function readAll(reader: PartitionReader, group: GroupStatus): string[] {
  const count = reader.read(group);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(text(reader.at(i)));
  return out;
}

describe('PartitionReader', () => {
  const random = seededRandom(41);
  const options = evaluatorOptions({ intervals: 10 });
  const arena = new PartitionArena();
  const groups = Array.from({ length: 40 }, (_, g) =>
    evaluateGroup(
      {
        cluster: 'c',
        group: `g${g}`,
        state: random() < 0.2 ? 'Empty' : 'Stable',
        partitions: Array.from({ length: g % 6 }, (_, i) => generatedWindow(random, i)),
      },
      options,
      NOW,
      arena,
    ),
  );

  test("reads an evaluated group's partitions as `partitions` lists them, through one object", () => {
    const reader = new PartitionReader();
    for (const group of groups) {
      assert.deepEqual(readAll(reader, group), group.partitions.map(text), group.group);
      if (group.partitionCount > 1) {
        reader.read(group);
        assert.equal(reader.at(0), reader.at(1), 'the same object stands for each partition');
      }
    }
  });

  test('reads a plain group (made elsewhere) through its own list', () => {
    const reader = new PartitionReader();
    for (const group of groups) {
      const list = group.partitions;
      const plain: GroupStatus = { ...group, partitions: list, maxlag: group.maxlag };
      assert.equal(reader.read(plain), list.length);
      list.forEach((p, i) => assert.equal(reader.at(i), p, `${group.group} partition ${i}`));
    }
  });

  test('moving on leaves no trace of the partition before: a reason text is its own', () => {
    const reader = new PartitionReader();
    const [group] = groups.filter((g) => g.partitionCount > 2);
    const want = group!.partitions.map((p) => p.reasonText);
    reader.read(group!);
    const got = want.map((_, i) => reader.at(i).reasonText);
    assert.deepEqual(got, want);
  });
});
