// `lagwatch evaluate` through the command line, in-process (src/cli/program.ts with the
// I/O injected), with NDJSON on stdin or in a file. test/unit/cli/binary.test.ts runs it
// through the real binary too.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { callCli } from '../../helpers/cli.js';
import type { CliResult } from '../../helpers/cli.js';
import { loadPartitionCases } from '../status/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'lagwatch-evaluate-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Run extends CliResult {
  lines: string[];
}

async function runEvaluate(args: string[], stdin = ''): Promise<Run> {
  const run = await callCli(['evaluate', ...args], { stdin });
  const lines = run.stdout === '' ? [] : run.stdout.replace(/\n$/, '').split('\n');
  return { ...run, lines };
}

const ndjson = (...lines: unknown[]): string =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

type Json = Record<string, unknown>;
const parse = (line: string | undefined): Json => JSON.parse(line ?? 'null') as Json;
const partitionsOf = (group: Json): Json[] => group.partitions as Json[];

/**
 * A partition whose offset never moves while lag grows: STALL by Burrow's rules and by
 * lagwatch's (whose STALL needs 5 samples, the default minimumSamples).
 */
const stalled = {
  topic: 'orders',
  partition: 0,
  offsets: [
    { offset: 1000, timestamp: 100000, lag: 100 },
    { offset: 1000, timestamp: 150000, lag: 125 },
    { offset: 1000, timestamp: 200000, lag: 150 },
    { offset: 1000, timestamp: 250000, lag: 175 },
    { offset: 1000, timestamp: 300000, lag: 200 },
  ],
  brokerOffsets: [1300],
};
const stalledGroup = { cluster: 'local', group: 'billing', now: 350000, partitions: [stalled] };

const partitionKeys = [
  'topic',
  'partition',
  'owner',
  'client_id',
  'status',
  'start',
  'end',
  'current_lag',
  'complete',
  'time_lag_ms',
  'catch_up_ms',
  'messages_lost',
  'reason',
  'reason_text',
];

void describe('lagwatch evaluate', { concurrency: true }, () => {
  void it('prints one Burrow v3 status line for one group line, exit 0', async () => {
    const run = await runEvaluate([], ndjson(stalledGroup));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.lines.length, 1);
    const group = parse(run.lines[0]);
    assert.deepEqual(Object.keys(group), [
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
    assert.equal(group.status, 'ERR');
    assert.equal(group.partition_count, 1);
    assert.equal(group.totallag, 300); // 1300 - 1000, derived
    assert.equal(group.complete, 0); // 5 of 10 samples: the partition is not complete
    const [p] = partitionsOf(group);
    assert.deepEqual(Object.keys(p ?? {}), partitionKeys);
    assert.equal(p?.status, 'STALL');
    assert.equal(p?.reason, 'OFFSET_UNCHANGED');
    assert.equal(
      p?.reason_text,
      'STALL: offset 1000 unchanged over 5 samples (3.3 min), lag always above 0',
    );
    assert.equal(p?.complete, 0.5);
    assert.deepEqual(p?.start, { offset: 1000, timestamp: 100000, lag: 100 });
    assert.deepEqual(p?.end, { offset: 1000, timestamp: 300000, lag: 200 });
    assert.deepEqual(group.maxlag, p);
  });

  void it('reads a file, or stdin given as -, with the same result', async () => {
    const input = ndjson(
      stalledGroup,
      { ...stalledGroup, group: 'two' },
      { cluster: 'c', group: 'x', now: 1 },
    );
    const file = join(scratch, 'three.ndjson');
    writeFileSync(file, input);
    const [fromFile, fromDash] = await Promise.all([
      runEvaluate([file]),
      runEvaluate(['-'], input),
    ]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(fromFile.lines.length, 3);
    assert.equal(fromDash.stdout, fromFile.stdout);
    assert.deepEqual(
      fromFile.lines.map((l) => parse(l).group),
      ['billing', 'two', 'x'],
    );
  });

  void it('answers an invalid line with an error line and exit 2, and still judges the others', async () => {
    const run = await runEvaluate(
      [],
      ndjson(
        stalledGroup,
        'not json',
        {
          cluster: 'c',
          group: 'g',
          now: 1,
          partitions: [{ topic: 't', partition: -1, offsets: [] }],
        },
        '',
        { cluster: 'c', group: 'g', now: 'soon' },
        { cluster: 'c', group: 'g', now: 1, surprise: true },
        [1, 2],
        { ...stalledGroup, group: 'last' },
      ),
    );
    assert.equal(run.code, 2);
    assert.equal(run.lines.length, 8);
    assert.equal(parse(run.lines[0]).status, 'ERR');
    const errors = run.lines.slice(1, 7).map(parse);
    errors.forEach((e, i) => {
      assert.deepEqual(Object.keys(e), ['error', 'message']);
      assert.equal(e.error, true);
      assert.match(String(e.message), new RegExp(`^line ${i + 2}: `));
    });
    assert.match(String(errors[0]?.message), /not valid JSON/);
    assert.match(String(errors[1]?.message), /^line 3: partitions\[0\]\.partition: /);
    assert.match(String(errors[2]?.message), /^line 4: not valid JSON \(empty line\)/);
    assert.match(String(errors[3]?.message), /^line 5: now: /);
    assert.match(String(errors[4]?.message), /surprise/);
    assert.match(String(errors[5]?.message), /expected object/);
    assert.equal(parse(run.lines[7]).group, 'last');
  });

  void it('derives currentLag from the last broker and committed offsets, floored at 0', async () => {
    const p = (over: object): object => ({ topic: 't', partition: 0, offsets: [], ...over });
    const run = await runEvaluate(
      [],
      ndjson(
        {
          cluster: 'c',
          group: 'g',
          now: 3000,
          partitions: [
            p({
              offsets: [
                { offset: 90, timestamp: 1000, lag: 5 },
                { offset: 100, timestamp: 2000, lag: 0 },
              ],
              brokerOffsets: [150, 130],
            }),
            p({ offsets: [{ offset: 100, timestamp: 2000, lag: 0 }], brokerOffsets: [90] }),
            p({
              offsets: [{ offset: 100, timestamp: 2000, lag: 0 }],
              brokerOffsets: [900],
              currentLag: 7,
            }),
            p({ brokerOffsets: [900] }),
          ],
        },
        {
          cluster: 'c',
          group: 'g',
          now: 3000,
          partitions: [p({ offsets: [{ offset: 1, timestamp: 1, lag: 0 }] })],
        },
      ),
    );
    const lags = partitionsOf(parse(run.lines[0])).map((x) => x.current_lag);
    assert.deepEqual(lags, [30, 0, 7, 0]); // 130-100; 90-100 floored; given; no commit
    assert.equal(parse(run.lines[0]).totallag, 37);
    assert.equal(run.code, 2);
    assert.match(
      String(parse(run.lines[1]).message),
      /^line 2: partitions\[0\]\.currentLag: missing, and there are no brokerOffsets/,
    );
  });

  void it('reports a group without partitions as NOTFOUND, and one with [] as OK', async () => {
    const run = await runEvaluate(
      [],
      ndjson(
        { cluster: 'c', group: 'ghost', now: 1 },
        { cluster: 'c', group: 'bare', now: 1, partitions: [] },
      ),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(parse(run.lines[0]), {
      cluster: 'c',
      group: 'ghost',
      status: 'NOTFOUND',
      complete: 1,
      partitions: [],
      partition_count: 0,
      maxlag: null,
      totallag: 0,
      state: null,
      members: null,
      type: null, // evaluate's input lines carry no group type
    });
    const bare = parse(run.lines[1]);
    assert.equal(bare.status, 'OK');
    assert.equal(bare.complete, 0);
    assert.equal(bare.maxlag, null);
  });

  void it('applies allowedLag, intervals, minimumComplete and state from each line', async () => {
    const run = await runEvaluate(
      [],
      ndjson(
        { ...stalledGroup, intervals: 3 },
        { ...stalledGroup, minimumComplete: 0.6 },
        { ...stalledGroup, allowedLag: 300 },
        { ...stalledGroup, now: 100, state: 'Empty' },
        { ...stalledGroup, intervals: 0 },
      ),
    );
    const first = (i: number): Json => partitionsOf(parse(run.lines[i]))[0] ?? {};
    assert.equal(first(0).complete, 1);
    assert.equal(parse(run.lines[0]).complete, 1);
    assert.equal(first(1).reason, 'WINDOW_INCOMPLETE');
    assert.equal(first(2).reason, 'LAG_WITHIN_ALLOWED');
    assert.equal(first(3).reason, 'GROUP_EMPTY');
    assert.equal(parse(run.lines[3]).state, 'Empty');
    assert.match(String(parse(run.lines[4]).message), /^line 5: intervals: /);
    assert.equal(run.code, 2);
  });

  void it("passes the sampler's figures, owner and observedAt through", async () => {
    const run = await runEvaluate(
      [],
      ndjson({
        cluster: 'c',
        group: 'g',
        now: 2500,
        state: 'Stable',
        members: 2,
        partitions: [
          {
            topic: 't',
            partition: 3,
            owner: '/10.0.0.12',
            clientId: 'billing-1',
            offsets: [
              { offset: 100, timestamp: 1000, lag: 9, observedAt: 1010 },
              { offset: 200, timestamp: 2000, lag: 4 },
            ],
            brokerOffsets: [204],
            timeLagMs: 1500,
            catchUpMs: 800,
            messagesLost: 0,
          },
        ],
      }),
    );
    assert.equal(run.code, 0, run.stderr);
    const group = parse(run.lines[0]);
    assert.equal(group.members, 2);
    assert.equal(group.state, 'Stable');
    const [p] = partitionsOf(group);
    assert.equal(p?.owner, '/10.0.0.12');
    assert.equal(p?.client_id, 'billing-1');
    assert.equal(p?.time_lag_ms, 1500);
    assert.equal(p?.catch_up_ms, 800);
    assert.equal(p?.messages_lost, 0);
    assert.deepEqual(p?.start, { offset: 100, timestamp: 1000, observedAt: 1010, lag: 9 });
    assert.equal(p?.reason, 'LAG_DECREASING');
  });

  void it('takes CRLF line ends and a byte-order mark', async () => {
    const run = await runEvaluate(
      [],
      '\uFEFF' + ndjson(stalledGroup, stalledGroup).replaceAll('\n', '\r\n'),
    );
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.lines.length, 2);
  });

  void it('says so on stderr with exit 1 when the file cannot be read', async () => {
    const run = await runEvaluate([join(scratch, 'missing.ndjson')]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^lagwatch evaluate: cannot read .*missing\.ndjson: ENOENT/);
  });

  /** Every case of a fixture table the command can express, judged through the command. */
  async function judgeFixtureCases(file: string, rules: 'lagwatch' | 'burrow', min: number) {
    // The command takes no minimumSamples option: only the cases it can express.
    const cases = loadPartitionCases(file).filter(
      (c) => (c.rules ?? rules) === rules && c.options?.minimumSamples === undefined,
    );
    assert.ok(cases.length >= min, `${file}: ${cases.length} cases`);
    const lines = cases.map((c) => ({
      cluster: 'fixtures',
      group: c.id,
      now: c.now,
      ...c.options,
      ...(c.state === undefined ? {} : { state: c.state }),
      partitions: [
        {
          topic: 't',
          partition: 0,
          offsets: c.samples.map(([offset, timestamp, lag]) => ({ offset, timestamp, lag })),
          brokerOffsets: c.brokerOffsets,
          currentLag: c.currentLag,
        },
      ],
    }));
    const run = await runEvaluate(
      rules === 'burrow' ? ['--rules', 'burrow'] : [],
      ndjson(...lines),
    );
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.lines.length, cases.length);
    cases.forEach((c, i) => {
      const [p] = partitionsOf(parse(run.lines[i]));
      assert.equal(p?.status, c.expect.status, c.id);
      assert.equal(p?.reason, c.expect.reason, c.id);
      assert.equal(p?.complete, c.expect.complete, c.id);
      if (c.expect.text !== undefined) assert.equal(p?.reason_text, c.expect.text, c.id);
    });
  }

  void it("decides every lagwatch fixture case as the evaluator's tables say", async () => {
    await judgeFixtureCases('lagwatch-partition-cases.json', 'lagwatch', 20);
  });

  void it("--rules burrow decides Burrow's 16 reference cases and the boundary cases as Burrow", async () => {
    await judgeFixtureCases('burrow-partition-cases.json', 'burrow', 16);
    await judgeFixtureCases('boundary-partition-cases.json', 'burrow', 30);
  });

  void it('judges 10,000 groups in one call, in order', async () => {
    const groups = 10_000;
    let input = '';
    for (let g = 0; g < groups; g++) {
      const partitions = [0, 1, 2, 3].map((partition) => ({
        topic: 'events',
        partition,
        offsets: Array.from({ length: 10 }, (_, k) => ({
          offset: 5_000_000_000 + g * 1000 + k * (g % 3 === 0 ? 0 : 100),
          timestamp: 1_700_000_000_000 + k * 30_000,
          lag: 900 - k * (g % 2 === 0 ? 10 : 0),
        })),
        brokerOffsets: [5_000_000_000 + g * 1000 + 2_000],
      }));
      input +=
        JSON.stringify({ cluster: 'big', group: `g${g}`, now: 1_700_000_280_000, partitions }) +
        '\n';
    }
    const started = Date.now();
    const run = await runEvaluate([], input);
    const ms = Date.now() - started;
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lines.length, groups);
    assert.equal(parse(run.lines[0]).group, 'g0');
    assert.equal(parse(run.lines[groups - 1]).group, `g${groups - 1}`);
    assert.equal(parse(run.lines[0]).status, 'ERR'); // g0: offsets never move: STALL
    assert.equal(parse(run.lines[1]).status, 'OK'); // g1: moving, lag flat: keeping pace
    assert.equal(parse(run.lines[2]).status, 'OK'); // g2: moving, lag falling
    assert.ok(ms < 60_000, `took ${ms} ms`);
  });
});
