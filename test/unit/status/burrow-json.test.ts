// The Burrow v3 `status` shape: exact keys, in Burrow's spelling, plus lagwatch's extras.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evaluateGroup,
  evaluatorOptions,
  notFoundGroupStatus,
  toBurrowGroupStatus,
} from '../../../src/status/index.js';

const group = evaluateGroup(
  {
    cluster: 'local',
    group: 'billing',
    state: 'Stable',
    members: 1,
    type: 'consumer',
    partitions: [
      {
        topic: 'orders',
        partition: 0,
        owner: '/10.0.0.12',
        clientId: 'billing-1',
        samples: [
          { offset: 79500, timestamp: 1000, lag: null, observedAt: 1100 },
          { offset: 81100, timestamp: 61000, lag: 250 },
        ],
        brokerOffsets: [81234],
        currentLag: 134,
        timeLagMs: 9000,
      },
      { topic: 'orders', partition: 1, samples: [], brokerOffsets: [], currentLag: 0 },
    ],
  },
  evaluatorOptions({ intervals: 2, rules: 'burrow' }), // a Burrow WARN in Burrow's shape
  62000,
);

void describe('Burrow v3 status JSON', () => {
  const json = toBurrowGroupStatus(group);

  void it('has Burrow keys and lagwatch extras on the group', () => {
    assert.deepEqual(Object.keys(json), [
      'cluster',
      'group',
      'status',
      'complete',
      'partitions',
      'partition_count',
      'maxlag',
      'totallag',
      'state',
      'members',
      'type',
    ]);
    assert.equal(json.status, 'WARN');
    assert.equal(json.partition_count, 2);
    assert.equal(json.complete, 0.5);
    assert.equal(json.totallag, 134);
    assert.equal(json.state, 'Stable');
    assert.equal(json.members, 1);
    assert.equal(json.type, 'consumer');
  });

  void it('has Burrow keys and lagwatch extras on every partition', () => {
    const [p0, p1] = json.partitions;
    assert.deepEqual(p0, {
      topic: 'orders',
      partition: 0,
      owner: '/10.0.0.12',
      client_id: 'billing-1',
      status: 'WARN',
      start: { offset: 79500, timestamp: 1000, observedAt: 1100, lag: null },
      end: { offset: 81100, timestamp: 61000, lag: 250 },
      current_lag: 134,
      complete: 1,
      time_lag_ms: 9000,
      catch_up_ms: null,
      messages_lost: null,
      reason: 'LAG_NOT_DECREASING',
      reason_text: p0?.reason_text,
    });
    // one known lag (250) never falls while the offset moves: WARN
    assert.match(
      p0?.reason_text ?? '',
      /^WARN: offset moving \(79500 to 81100 over 2 samples, 1 min\)/,
    );
    assert.equal(p1?.start, null);
    assert.equal(p1?.end, null);
    assert.equal(p1?.complete, 0);
  });

  void it('repeats the maxlag partition as listed', () => {
    assert.deepEqual(json.maxlag, json.partitions[0]);
  });

  void it('renders NOTFOUND as Burrow does', () => {
    assert.deepEqual(toBurrowGroupStatus(notFoundGroupStatus('local', 'ghost')), {
      cluster: 'local',
      group: 'ghost',
      status: 'NOTFOUND',
      complete: 1,
      partitions: [],
      partition_count: 0,
      maxlag: null,
      totallag: 0,
      state: null,
      members: null,
      type: null,
    });
  });
});
