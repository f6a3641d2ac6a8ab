// Group aggregation, table-driven: Burrow's group cases and lagwatch's own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateGroup, evaluatorOptions, notFoundGroupStatus } from '../../../src/status/index.js';
import type { GroupStatus } from '../../../src/status/index.js';
import { groupWindowOf, loadGroupCases, optionsOf } from './fixtures.js';
import type { GroupCase } from './fixtures.js';

function evaluate(c: GroupCase): GroupStatus {
  if (c.known === false) return notFoundGroupStatus(c.cluster, c.group);
  return evaluateGroup(groupWindowOf(c), evaluatorOptions(optionsOf(c)), c.now);
}

function check(c: GroupCase): void {
  const g = evaluate(c);
  const e = c.expect;
  assert.equal(g.cluster, c.cluster);
  assert.equal(g.group, c.group);
  assert.equal(g.status, e.status, 'status');
  assert.equal(g.partitionCount, g.partitions.length, 'partitionCount is the number listed');
  if (e.complete !== undefined) assert.equal(g.complete, e.complete, 'complete');
  if (e.partitionCount !== undefined) assert.equal(g.partitionCount, e.partitionCount);
  if (e.totallag !== undefined) assert.equal(g.totallag, e.totallag, 'totallag');
  if (e.state !== undefined) assert.equal(g.state, e.state, 'state');
  if (e.problemPartitions !== undefined) {
    const problems = g.partitions.filter((p) => p.status !== 'OK').length;
    assert.equal(problems, e.problemPartitions, 'partitions not OK');
  }
  if (e.partitions !== undefined) {
    assert.equal(g.partitions.length, e.partitions.length, 'partitions listed');
    e.partitions.forEach((want, i) => {
      const got = g.partitions[i]!;
      if (want.status !== undefined) assert.equal(got.status, want.status, `partition ${i}`);
      if (want.reason !== undefined) assert.equal(got.reason, want.reason, `partition ${i}`);
      if (want.complete !== undefined) assert.equal(got.complete, want.complete, `partition ${i}`);
    });
  }
  if (e.maxlag === null) assert.equal(g.maxlag, null, 'maxlag');
  if (e.maxlag !== undefined && e.maxlag !== null) {
    assert.ok(g.maxlag !== null, 'maxlag');
    assert.equal(g.maxlag.topic, e.maxlag.topic, 'maxlag topic');
    assert.equal(g.maxlag.partition, e.maxlag.partition, 'maxlag partition');
    // The same partition, field for field (an evaluated group makes its objects on each read).
    const json = JSON.stringify(g.maxlag);
    assert.ok(
      g.partitions.some((p) => JSON.stringify(p) === json),
      'maxlag is one of the partitions',
    );
    if (e.maxlag.startOffset !== undefined)
      assert.equal(g.maxlag.start?.offset, e.maxlag.startOffset);
    if (e.maxlag.endOffset !== undefined) assert.equal(g.maxlag.end?.offset, e.maxlag.endOffset);
  }
}

for (const file of [
  'burrow-group-cases.json',
  'boundary-group-cases.json',
  'lagwatch-group-cases.json',
]) {
  void describe(`group rules: ${file}`, () => {
    for (const c of loadGroupCases(file)) {
      void it(`${c.id}: ${c.about}`, () => check(c));
    }
  });
}

void describe('group totals', () => {
  void it('sums lag over every partition and keeps input order', () => {
    const g = evaluateGroup(
      {
        cluster: 'c',
        group: 'g',
        members: 3,
        partitions: [7, 1, 12].map((lag, i) => ({
          topic: 't',
          partition: i,
          samples: [],
          brokerOffsets: [],
          currentLag: lag,
        })),
      },
      evaluatorOptions(),
      0,
    );
    assert.equal(g.totallag, 20);
    assert.deepEqual(
      g.partitions.map((p) => p.partition),
      [0, 1, 2],
    );
    assert.equal(g.members, 3);
    assert.equal(g.maxlag?.partition, 2);
  });
});
