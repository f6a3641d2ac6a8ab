// The bulk items' fast path (partition documents written straight as JSON, ids through a
// one-shot hash) against the plain one: JSON.stringify of every document reportDocuments
// makes, and a sha256 Hash object per id. Byte for byte, in the same order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reportBulkItems } from '../../../sinks/elasticsearch/bulk-item.js';
import { reportDocuments } from '../../../sinks/elasticsearch/documents.js';
import { targetIndex } from '../../../sinks/elasticsearch/index-mode.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import type { GroupStatusCode } from '../../../src/contract/statuses.js';
import { buildReport, copyPartition, largeReport, variedReport } from '../../helpers/reports.js';
import { referenceDocumentId } from '../../helpers/reference-document-id.js';
import { ReasonCode } from '../../../src/contract/reasons.js';
import { detailAt, putReason } from '../../../src/status/partition-numbers.js';
import { describeReason } from '../../../src/status/reasons.js';

const at = Date.UTC(2026, 10, 30, 9, 0, 0);

function plainItems(report: EvaluationReport): string[] {
  const index = targetIndex('daily', 'lw', report.takenAt);
  return reportDocuments(report).map(({ key, doc }) => {
    const id = referenceDocumentId(key);
    return `${index} ${id} ${JSON.stringify(doc)}`;
  });
}

describe('bulk items: partition documents as JSON text', () => {
  const reports: [string, EvaluationReport][] = [
    ['varied', variedReport('prod "eu"', at)],
    ['varied, later tick', variedReport('prod', at, 4, 'x\\')],
    ['large', largeReport('a', at, 12, 6, 'grüppe "q"\n')],
    [
      'unknowns: no lag seconds, no log offsets, no samples',
      buildReport('b', at, [
        {
          group: 'g',
          partitions: [
            {
              topic: 't\u2028',
              partition: 0,
              committed: [],
              logStart: null,
              owner: '',
              clientId: '',
            },
            {
              topic: 't',
              partition: 1,
              committed: [5],
              logEnd: 9,
              timeLagMs: null,
              messagesLost: null,
            },
          ],
        },
      ]),
    ],
  ];
  // Partitions as plain objects (as a restored or hand-made status may hold them), one with
  // a newest sample but no oldest, and a group status with no number: the evaluator never gives that shape, the writer still
  // writes it as JSON.stringify does.
  const varied = variedReport('plain', at);
  const plainGroups = varied.groups.map((group, g) => ({
    ...group,
    // A status with no number (a newer lagwatch's, say): its document has no status_code.
    status: g === 0 ? ('PAUSED' as GroupStatusCode) : group.status,
    partitions: group.partitions.map((p, i) => copyPartition(p, i === 0 ? { start: null } : {})),
  }));
  reports.push([
    'plain partitions, one without an oldest sample',
    { ...varied, groups: plainGroups },
  ]);
  reports.push(['every reason, its numbers read without the detail', everyReason()]);
  for (const [name, report] of reports) {
    test(`${name}: the same bytes as JSON.stringify of each document`, () => {
      const fast = reportBulkItems(report, 'daily', 'lw');
      const plain = plainItems(report);
      assert.ok(fast.length > 2);
      assert.deepEqual(fast, plain);
    });
  }
});

/**
 * A report whose partitions hold every reason, each once with its numbers all known and
 * once with every other one unknown (NaN: null in the detail), as the evaluator's statuses
 * hand them out: a detail object, and the same numbers through `reasonNumber`. The varied
 * reports meet only some reasons, and none with a null in its detail.
 */
function everyReason(): EvaluationReport {
  const report = largeReport('r', at, 12, 6, 'g');
  const codes = Object.values(ReasonCode);
  let n = 0;
  const groups = report.groups.map((group) => ({
    ...group,
    partitions: group.partitions.map((p) => {
      const code = codes[n % codes.length]!;
      const someUnknown = Math.floor(n / codes.length) % 2 === 1;
      n++;
      const values = [7, 2 ** 53 - 1, 0.25, 1500, 3, 12].map((v, k) =>
        someUnknown && k % 2 === 0 ? null : v,
      );
      const numbers = new Float64Array(6);
      putReason(numbers, 0, code, ...values);
      const detail = detailAt(numbers, 0, code);
      return copyPartition(p, {
        reason: code,
        // The sentence of these numbers, as the evaluator's statuses have it: the writer
        // writes it from the numbers, the reference copies this text.
        reasonText: describeReason(detail),
        reasonDetail: detail,
        reasonNumber: (k: number) => numbers[k]!,
      });
    }),
  }));
  assert.ok(n >= 2 * codes.length, `${n} partitions hold every reason twice`);
  return { ...report, groups };
}
