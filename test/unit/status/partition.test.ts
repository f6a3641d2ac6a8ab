// The partition rules, table-driven: Burrow's own cases and lagwatch's boundaries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeReason, evaluatePartition, evaluatorOptions } from '../../../src/status/index.js';
import { loadPartitionCases, optionsOf, partitionWindowOf, toSample } from './fixtures.js';
import type { PartitionCase } from './fixtures.js';

function check(c: PartitionCase): void {
  const status = evaluatePartition(
    partitionWindowOf(c),
    evaluatorOptions(optionsOf(c)),
    c.now,
    c.state ?? null,
  );
  assert.equal(status.status, c.expect.status, `status (${status.reasonText})`);
  assert.equal(status.reason, c.expect.reason, `reason (${status.reasonText})`);
  assert.equal(status.complete, c.expect.complete, 'complete');
  assert.equal(status.currentLag, c.currentLag, 'currentLag');
  assert.ok(status.reasonText.startsWith(`${status.status}: `), status.reasonText);
  if (c.expect.text !== undefined) assert.equal(status.reasonText, c.expect.text);
  if (c.expect.start !== undefined) {
    assert.deepEqual(status.start, c.expect.start === null ? null : toSample(c.expect.start));
  }
  if (c.expect.end !== undefined) {
    assert.deepEqual(status.end, c.expect.end === null ? null : toSample(c.expect.end));
  }
}

for (const file of [
  'burrow-partition-cases.json',
  'boundary-partition-cases.json',
  'lagwatch-partition-cases.json',
]) {
  void describe(`partition rules: ${file}`, () => {
    for (const c of loadPartitionCases(file)) {
      void it(`${c.id}: ${c.about}`, () => check(c));
    }
  });
}

void describe('partition status fields', () => {
  void it('passes owner, client id, time lag, catch-up estimate and messages lost through', () => {
    const status = evaluatePartition(
      {
        topic: 'orders',
        partition: 7,
        owner: '/10.0.0.12',
        clientId: 'billing-1',
        samples: [toSample([100, 1000, 5]), toSample([200, 2000, 3])],
        brokerOffsets: [203],
        currentLag: 3,
        timeLagMs: 1500,
        catchUpMs: 2000,
        messagesLost: 42,
      },
      evaluatorOptions(),
      2500,
    );
    assert.equal(status.topic, 'orders');
    assert.equal(status.partition, 7);
    assert.equal(status.owner, '/10.0.0.12');
    assert.equal(status.clientId, 'billing-1');
    assert.equal(status.timeLagMs, 1500);
    assert.equal(status.catchUpMs, 2000);
    assert.equal(status.messagesLost, 42);
    assert.deepEqual(status.start, { offset: 100, timestamp: 1000, lag: 5 });
    assert.deepEqual(status.end, { offset: 200, timestamp: 2000, lag: 3 });
  });

  void it('fills what the sampler did not say with empty owner and null figures', () => {
    const status = evaluatePartition(
      { topic: 't', partition: 0, samples: [], brokerOffsets: [], currentLag: 0 },
      evaluatorOptions(),
      0,
    );
    assert.equal(status.owner, '');
    assert.equal(status.clientId, '');
    assert.equal(status.timeLagMs, null);
    assert.equal(status.catchUpMs, null);
    assert.equal(status.messagesLost, null);
    assert.equal(status.start, null);
    assert.equal(status.end, null);
  });

  void it('carries the numbers behind the reason and the same sentence every time', () => {
    const status = evaluatePartition(
      {
        topic: 't',
        partition: 0,
        samples: [
          toSample([1000, 1000, 100]),
          toSample([2000, 2000, 150]),
          toSample([1500, 3000, 900]),
        ],
        brokerOffsets: [2400],
        currentLag: 900,
      },
      evaluatorOptions(),
      3500,
    );
    assert.deepEqual(status.reasonDetail, {
      code: 'OFFSET_REWOUND',
      before: 2000,
      after: 1500,
      at: 3,
      count: 3,
      highest: 1500,
    });
    assert.equal(status.reasonText, describeReason(status.reasonDetail));
    assert.equal(status.reasonText, status.reasonText);
  });

  void it('includes the sentence when serialised to JSON', () => {
    const status = evaluatePartition(
      { topic: 't', partition: 3, samples: [], brokerOffsets: [], currentLag: 0 },
      evaluatorOptions(),
      0,
    );
    const json = JSON.parse(JSON.stringify(status)) as Record<string, unknown>;
    assert.equal(json.reasonText, 'OK: no consumer samples in the window yet, nothing to judge');
    assert.equal(json.reason, 'NO_SAMPLES');
    assert.equal(json.partition, 3);
  });

  void it('does not change its input', () => {
    const samples = Object.freeze([toSample([1000, 1000, 10]), toSample([900, 2000, 20])]);
    const window = Object.freeze({
      topic: 't',
      partition: 0,
      samples,
      brokerOffsets: Object.freeze([1100]),
      currentLag: 20,
    });
    assert.equal(evaluatePartition(window, evaluatorOptions(), 2500).status, 'REWIND');
  });
});

void describe('lagwatch rules against burrow rules', () => {
  const files = [
    'burrow-partition-cases.json',
    'boundary-partition-cases.json',
    'lagwatch-partition-cases.json',
  ];
  const cases = files.flatMap((file) => loadPartitionCases(file));
  const judge = (c: PartitionCase, rules: 'burrow' | 'lagwatch'): string =>
    evaluatePartition(
      partitionWindowOf(c),
      evaluatorOptions({ ...c.options, rules }),
      c.now,
      c.state ?? null,
    ).status;

  void it('WARN only where Burrow also says WARN, and the same STOP (given a span) and REWIND', () => {
    let fewerWarns = 0;
    let oneSampleStops = 0;
    for (const c of cases) {
      const lagwatch = judge(c, 'lagwatch');
      const burrow = judge(c, 'burrow');
      if (lagwatch === 'WARN') assert.equal(burrow, 'WARN', c.id);
      // 4L: a window of one sample has no span, so lagwatch's rules do not call it stopped.
      const oneSample = c.state !== 'Empty' && partitionWindowOf(c).samples.length === 1;
      if (burrow === 'STOP' && oneSample) {
        assert.notEqual(lagwatch, 'STOP', c.id);
        oneSampleStops++;
      } else if (burrow === 'STOP' || burrow === 'REWIND') assert.equal(lagwatch, burrow, c.id);
      if (burrow === 'WARN' && lagwatch !== 'WARN') fewerWarns++;
    }
    assert.ok(fewerWarns >= 5, `lagwatch dropped ${fewerWarns} of Burrow's WARNs`);
    assert.ok(oneSampleStops >= 1, 'a one-sample STOP of Burrow is among the cases');
  });

  void it('a consumer keeping pace is never WARN or STALL, tick by tick from its first sample', () => {
    // One sample per 30 s tick, 2 messages behind at every tick, judged at each tick.
    const samples = Array.from({ length: 25 }, (_, i) =>
      toSample([5000 + i * 100, 1_000_000 + i * 30_000, 2]),
    );
    for (let n = 1; n <= samples.length; n++) {
      const seen = samples.slice(0, n);
      const status = evaluatePartition(
        { topic: 't', partition: 0, samples: seen, brokerOffsets: [5002], currentLag: 2 },
        evaluatorOptions(),
        seen[n - 1]!.timestamp,
      );
      assert.equal(status.status, 'OK', `tick ${n}: ${status.reasonText}`);
      assert.equal(status.reason, n === 1 ? 'TOO_FEW_SAMPLES' : 'LAG_NOT_GROWING', `tick ${n}`);
    }
  });
});
