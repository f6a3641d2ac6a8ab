import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration } from '../../../src/contract/duration-text.js';

void describe('formatDuration', () => {
  const table: [number, string][] = [
    [0, '0 ms'],
    [999, '999 ms'],
    [1000, '1 s'],
    [14041, '14 s'],
    [17603, '17.6 s'],
    [300000, '5 min'],
    [400000, '6.7 min'],
    [450000, '7.5 min'],
    [3600000, '1 h'],
    [5400000, '1.5 h'],
    [86400000, '1 d'],
    [-1500, '-1.5 s'],
  ];
  for (const [ms, text] of table) {
    void it(`${ms} ms reads "${text}"`, () => assert.equal(formatDuration(ms), text));
  }
});
