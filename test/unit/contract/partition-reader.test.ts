// PartitionReader (src/contract/partition-reader.ts) reads a group's partitions through one
// object: what it says about each partition must be what the group's own `partitions`
// say, for evaluated groups and for plain ones, and it must not make an object per read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PartitionReader } from '../../../src/contract/partition-reader.js';
import {
  evaluateGroup,
  evaluatorOptions,
  type GroupStatus,
  type GroupWindow,
} from '../../../src/status/index.js';
import { PartitionArena } from '../../../src/status/partition-numbers.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { generatedWindow, NOW } from '../status/generated-window.js';

function windows(seed: number, count: number): GroupWindow[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, g) => ({
    cluster: 'c',
    group: `g${g}`,
    state: g % 4 === 0 ? 'Empty' : 'Stable',
    members: g % 3,
    type: 'classic' as const,
    partitions: Array.from({ length: g % 6 === 0 ? 0 : 1 + (g % 9) }, (_, i) =>
      generatedWindow(random, i),
    ),
  }));
}

/** Every partition of `status` as JSON, read through `reader`. */
function readAll(reader: PartitionReader, status: GroupStatus): string[] {
  const count = reader.open(status);
  const read: string[] = [];
  for (let i = 0; i < count; i++) read.push(JSON.stringify(reader.at(i)));
  return read;
}

describe('a partition reader', () => {
  const options = evaluatorOptions({ intervals: 10 });
  const arena = new PartitionArena();

  test("reads every partition of evaluated groups as the groups' own partitions say", () => {
    const judged = windows(41, 120).map((w) => evaluateGroup(w, options, NOW, arena));
    const reader = new PartitionReader();
    for (const status of judged) {
      const own = status.partitions.map((p) => JSON.stringify(p));
      assert.deepEqual(readAll(reader, status), own, status.group);
      assert.equal(reader.open(status), status.partitionCount);
    }
    // Groups read in another order, each with its own numbers and names.
    for (const status of [...judged].reverse())
      assert.deepEqual(
        readAll(reader, status),
        status.partitions.map((p) => JSON.stringify(p)),
      );
  });

  test('hands out one object for all the partitions of evaluated groups', () => {
    const [a, b] = windows(42, 3)
      .slice(1)
      .map((w) => evaluateGroup(w, options, NOW, arena));
    const reader = new PartitionReader();
    reader.open(a!);
    const first = reader.at(0);
    assert.equal(reader.at(1), first, 'the same object for the next partition');
    reader.open(b!);
    assert.equal(reader.at(0), first, 'and for the next group');
    assert.equal(first.partition, b!.partitions[0]!.partition);
  });

  test("gives each partition its own reason text, kept in the group as the group's are", () => {
    const [status] = windows(43, 12)
      .filter((w) => w.partitions.length > 2)
      .map((w) => evaluateGroup(w, options, NOW, arena));
    const reader = new PartitionReader();
    const count = reader.open(status!);
    const texts = Array.from({ length: count }, (_, i) => reader.at(i).reasonText);
    assert.deepEqual(
      texts,
      status!.partitions.map((p) => p.reasonText),
    );
    // Read again after another partition was read: the text is that partition's, not the last.
    assert.equal(reader.at(0).reasonText, texts[0]);
    assert.equal(reader.at(count - 1).reasonText, texts[count - 1]);
  });

  test('reads a plain group (a status made elsewhere) from its array', () => {
    const [status] = windows(44, 3)
      .slice(1)
      .map((w) => evaluateGroup(w, options, NOW, arena));
    const plain: GroupStatus = { ...status!, partitions: status!.partitions };
    const reader = new PartitionReader();
    assert.equal(reader.open(plain), plain.partitions.length);
    plain.partitions.forEach((p, i) => assert.equal(reader.at(i), p));
    // An evaluated group after a plain one is read from its numbers again.
    assert.deepEqual(
      readAll(reader, status!),
      status!.partitions.map((p) => JSON.stringify(p)),
    );
  });
});
