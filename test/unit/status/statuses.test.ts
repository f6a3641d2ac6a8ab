import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupStatusFor, statusNumber } from '../../../src/status/index.js';
import type { PartitionStatusCode } from '../../../src/status/index.js';

void describe('status words', () => {
  void it("rank as Burrow's enum: NOTFOUND < OK < WARN < ERR < STOP < STALL < REWIND", () => {
    const order = ['NOTFOUND', 'OK', 'WARN', 'ERR', 'STOP', 'STALL', 'REWIND'] as const;
    order.forEach((word, i) => assert.equal(statusNumber[word], i, word));
  });

  const folding: [PartitionStatusCode, string][] = [
    ['OK', 'OK'],
    ['WARN', 'WARN'],
    ['STOP', 'ERR'],
    ['STALL', 'ERR'],
    ['REWIND', 'ERR'],
  ];
  for (const [partition, group] of folding) {
    void it(`a worst partition of ${partition} makes the group ${group}`, () => {
      assert.equal(groupStatusFor(partition), group);
    });
  }
});
