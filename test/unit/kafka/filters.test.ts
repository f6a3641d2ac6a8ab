import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admits, allowAll, type NameFilter } from '../../../src/kafka/filters.js';

describe('name filters', () => {
  const names = ['orders-consumer', 'audit', '_internal', 'billing-orders'];
  const admitted = (filter: NameFilter): string[] => names.filter((n) => admits(filter, n));

  test('an empty allow list and no deny: every name', () => {
    assert.deepEqual(admitted(allowAll), names);
  });

  test('allow: names matching any pattern', () => {
    assert.deepEqual(admitted({ allow: [/^orders/, /^audit$/], deny: [] }), [
      'orders-consumer',
      'audit',
    ]);
  });

  test('deny: out whatever allow says, any pattern of several', () => {
    assert.deepEqual(admitted({ allow: [], deny: [/^_/, /billing/] }), [
      'orders-consumer',
      'audit',
    ]);
    assert.deepEqual(admitted({ allow: [/orders/], deny: [/^billing/] }), ['orders-consumer']);
  });
});
