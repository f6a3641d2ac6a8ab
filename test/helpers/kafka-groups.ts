// Kafka's own `kafka-consumer-groups --describe` (ConsumerGroupCommand), run through
// scripts/stack: the reference for lag numbers. Parses its table into rows.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './stack.js';

const run = promisify(execFile);

/** One row of the describe table; `null` where the tool prints `-`. */
export interface GroupDescribeRow {
  group: string;
  topic: string;
  partition: number;
  currentOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

const columns = [
  'GROUP',
  'TOPIC',
  'PARTITION',
  'CURRENT-OFFSET',
  'LOG-END-OFFSET',
  'LAG',
  'CONSUMER-ID',
  'HOST',
  'CLIENT-ID',
];

function cell(value: string | undefined): string | null {
  return value === undefined || value === '-' ? null : value;
}

function num(value: string | undefined): number | null {
  const text = cell(value);
  return text === null ? null : Number(text);
}

export function parseDescribe(stdout: string): GroupDescribeRow[] {
  const rows: GroupDescribeRow[] = [];
  for (const line of stdout.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== columns.length || fields[0] === 'GROUP') continue;
    rows.push({
      group: fields[0] ?? '',
      topic: fields[1] ?? '',
      partition: Number(fields[2]),
      currentOffset: num(fields[3]),
      logEndOffset: num(fields[4]),
      lag: num(fields[5]),
      consumerId: cell(fields[6]),
      host: cell(fields[7]),
      clientId: cell(fields[8]),
    });
  }
  return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** `kafka-consumer-groups --describe --group GROUP` on one of the stack's clusters. */
export async function describeGroup(cluster: string, group: string): Promise<GroupDescribeRow[]> {
  const { stdout } = await run(
    'bash',
    [join(repoRoot, 'scripts/stack'), 'kafka-groups', cluster, '--describe', '--group', group],
    { timeout: 60_000 },
  );
  return parseDescribe(stdout);
}

/** What `kafka-consumer-groups --describe --state` says of a group. */
export interface GroupStateRow {
  group: string;
  assignmentStrategy: string;
  state: string;
  members: number;
}

/** `kafka-consumer-groups --describe --state --group GROUP` on one of the stack's clusters. */
export async function describeGroupState(cluster: string, group: string): Promise<GroupStateRow> {
  const { stdout } = await run(
    'bash',
    [
      join(repoRoot, 'scripts/stack'),
      'kafka-groups',
      cluster,
      '--describe',
      '--state',
      '--group',
      group,
    ],
    { timeout: 60_000 },
  );
  // GROUP  COORDINATOR (ID)  ASSIGNMENT-STRATEGY  STATE  #MEMBERS; the coordinator cell
  // holds a space ("host:port  (1)"), so the row is read from both ends.
  for (const line of stdout.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] !== group) continue;
    const members = Number(fields.at(-1));
    return {
      group,
      state: fields.at(-2) ?? '',
      assignmentStrategy: fields.at(-3) ?? '',
      members,
    };
  }
  throw new Error(`kafka-consumer-groups printed no state row for ${group}:\n${stdout}`);
}
