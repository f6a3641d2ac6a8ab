// `lagwatch once`'s output beside Kafka's: each group's type and state in the JSON and on a
// header line of its own, the rows keeping Kafka's --describe columns unchanged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clusterLag, formatGroupHeader, formatLagTable } from '../../../src/cli/lag-table.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { parseDescribe } from '../../helpers/kafka-groups.js';
import { group, partition, snapshot } from '../window/snapshot-fixtures.js';

const report: EvaluationReport = {
  cluster: 'a',
  takenAt: 1000,
  durationMs: 5,
  available: true,
  fault: null,
  groups: [],
  offsets: [],
  maxLag: 0,
};

const sampled = snapshot(1000, [
  group('modern', [partition('t', 0, 5, 9)], {
    type: 'consumer',
    typeName: 'consumer',
    groupEpoch: 4,
    state: 'Reconciling',
    members: 2,
  }),
  group('old', [partition('t', 1, 3, 3)], { type: 'classic', typeName: 'classic', state: 'Empty' }),
  group('shared', [], { type: 'other', typeName: 'share', state: null, members: 0 }),
  group('legacy', [partition('u', 0, 1, 2)]),
]);

describe('once: group type and state', () => {
  test('the JSON groups carry type, typeName and state as sampled; absent type is null', () => {
    const lag = clusterLag(sampled, report);
    assert.deepEqual(
      lag.groups.map(({ group: name, type, typeName, state }) => ({ name, type, typeName, state })),
      [
        { name: 'modern', type: 'consumer', typeName: 'consumer', state: 'Reconciling' },
        { name: 'old', type: 'classic', typeName: 'classic', state: 'Empty' },
        { name: 'shared', type: 'other', typeName: 'share', state: null },
        { name: 'legacy', type: null, typeName: null, state: 'Stable' },
      ],
    );
    const json = JSON.parse(JSON.stringify(lag)) as typeof lag;
    assert.equal(json.groups[0]!.type, 'consumer');
  });

  test('the header line names type (with Kafka’s name when it differs), state, members', () => {
    const headers = clusterLag(sampled, report).groups.map(formatGroupHeader);
    assert.deepEqual(headers, [
      '# group modern: type=consumer state=Reconciling members=2',
      '# group old: type=classic state=Empty members=1',
      '# group shared: type=other(share) state=- members=0',
      '# group legacy: type=- state=Stable members=1',
    ]);
  });

  test('a reader of Kafka’s columns skips the header lines and reads the rows unchanged', () => {
    const lag = clusterLag(sampled, report);
    const rows = lag.groups.flatMap((g) => g.partitions);
    const table = formatLagTable(rows);
    const printed = [...lag.groups.map(formatGroupHeader), table].join('\n');
    // As the integration tests read it: the last word (LAG-SECONDS) of every line cut.
    const cut = (text: string) => text.replace(/ +[^ \n]+$/gm, '');
    assert.deepEqual(parseDescribe(cut(printed)), parseDescribe(cut(table)));
    assert.equal(parseDescribe(cut(printed)).length, 3);
    assert.match(
      table.split('\n')[0]!,
      /^GROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID +HOST +CLIENT-ID +LAG-SECONDS$/,
    );
  });
});
