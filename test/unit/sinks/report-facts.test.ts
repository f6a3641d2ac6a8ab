// The sinks' shared lookup of a report's topic-partition offsets (sinks/report-facts.ts):
// asked in any order (it keeps the topic asked for last), for partitions and topics the
// report has and has not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { offsetsLookup } from '../../../sinks/report-facts.js';
import type { EvaluationReport, TopicPartitionOffsets } from '../../../src/contract/report.js';

function reportWith(offsets: TopicPartitionOffsets[]): EvaluationReport {
  return { offsets } as unknown as EvaluationReport;
}

describe('offsetsLookup', () => {
  const offsets: TopicPartitionOffsets[] = [
    { topic: 'b', partition: 2, logEndOffset: 12, logStartOffset: 2 },
    { topic: 'a', partition: 0, logEndOffset: 100, logStartOffset: 0 },
    { topic: 'b', partition: 0, logEndOffset: 10, logStartOffset: 0 },
    { topic: 'a', partition: 1, logEndOffset: 101, logStartOffset: null },
    { topic: 'c', partition: 7, logEndOffset: null, logStartOffset: null },
  ];
  const lookup = offsetsLookup(reportWith(offsets));

  test('finds every topic-partition, topics asked for in turn and back again', () => {
    const asked: [string, number][] = [
      ['a', 0],
      ['b', 0],
      ['a', 1],
      ['a', 1],
      ['b', 2],
      ['c', 7],
      ['a', 0],
      ['b', 2],
    ];
    for (const [topic, partition] of asked) {
      const want = offsets.find((o) => o.topic === topic && o.partition === partition);
      assert.equal(lookup(topic, partition), want, `${topic}-${partition}`);
    }
  });

  test('finds nothing for a partition or a topic the report lacks', () => {
    assert.equal(lookup('b', 1), undefined, 'a gap between partitions');
    assert.equal(lookup('b', 3), undefined, 'past the last partition');
    assert.equal(lookup('a', 7), undefined, "another topic's partition number");
    assert.equal(lookup('d', 0), undefined, 'an unknown topic');
    assert.equal(lookup('d', 0), undefined, 'an unknown topic, asked again');
    assert.equal(lookup('c', 7)?.topic, 'c', 'then a known one');
  });

  test('is made once per report', () => {
    const report = reportWith(offsets);
    assert.equal(offsetsLookup(report), offsetsLookup(report));
  });
});
