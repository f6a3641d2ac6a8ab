// `lagwatch evaluate [FILE|-]`: runs the evaluator on windows given as NDJSON, one group a
// line, and prints exactly one JSON line per input line: the group's status in Burrow's v3
// `status` shape (every partition listed) plus lagwatch's extra fields, or
// {"error":true,"message":"line N: ..."} for a line that is not valid input. Exit code 0
// when every line was valid, 2 when some were not, 1 when the input cannot be read.
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import {
  evaluateGroup,
  evaluatorOptions,
  notFoundGroupStatus,
  RULE_SETS,
  toBurrowGroupStatus,
} from '../status/index.js';
import type { GroupStatus, PartitionWindow, RuleSet } from '../status/index.js';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliRuntime } from './io.js';

const count = z.int().min(0);

const sampleInput = z.strictObject({
  offset: count,
  timestamp: count,
  lag: count.nullable().default(null),
  observedAt: count.optional(),
});

const partitionInput = z.strictObject({
  topic: z.string().min(1),
  partition: count,
  offsets: z.array(sampleInput),
  brokerOffsets: z.array(count).default([]),
  currentLag: count.optional(),
  owner: z.string().optional(),
  clientId: z.string().optional(),
  timeLagMs: z.number().min(0).nullable().optional(),
  catchUpMs: z.number().min(0).nullable().optional(),
  messagesLost: count.nullable().optional(),
});

const groupInput = z.strictObject({
  cluster: z.string().min(1),
  group: z.string().min(1),
  now: count,
  allowedLag: count.optional(),
  intervals: z.int().min(1).optional(),
  minimumComplete: z.number().min(0).max(1).optional(),
  state: z.string().nullable().optional(),
  members: count.nullable().optional(),
  /** Absent: a group the sampler does not know (NOTFOUND). [] : a known group without partitions. */
  partitions: z.array(partitionInput).optional(),
});

type PartitionInput = z.infer<typeof partitionInput>;

/** The default currentLag: last log-end offset minus last committed offset, floored at 0. */
function currentLagOf(p: PartitionInput): number | string {
  if (p.currentLag !== undefined) return p.currentLag;
  const lastSample = p.offsets.at(-1);
  if (lastSample === undefined) return 0;
  const lastBroker = p.brokerOffsets.at(-1);
  if (lastBroker === undefined) {
    return 'currentLag: missing, and there are no brokerOffsets to derive it from';
  }
  return Math.max(0, lastBroker - lastSample.offset);
}

function pathOf(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  }
  return text;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const path = pathOf(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  return shown.join('; ') + more;
}

type LineResult = { ok: true; status: GroupStatus } | { ok: false; message: string };

/** Judges one NDJSON line; never throws. */
export function evaluateLine(line: string, rules: RuleSet = 'lagwatch'): LineResult {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    const why = line.trim() === '' ? 'empty line' : (err as Error).message;
    return { ok: false, message: `not valid JSON (${why})` };
  }
  const parsed = groupInput.safeParse(json);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error.issues) };
  const input = parsed.data;
  if (input.partitions === undefined) {
    return { ok: true, status: notFoundGroupStatus(input.cluster, input.group) };
  }
  const partitions: PartitionWindow[] = [];
  for (const [i, p] of input.partitions.entries()) {
    const currentLag = currentLagOf(p);
    if (typeof currentLag === 'string') {
      return { ok: false, message: `partitions[${i}].${currentLag}` };
    }
    partitions.push({
      topic: p.topic,
      partition: p.partition,
      samples: p.offsets,
      brokerOffsets: p.brokerOffsets,
      currentLag,
      owner: p.owner,
      clientId: p.clientId,
      timeLagMs: p.timeLagMs,
      catchUpMs: p.catchUpMs,
      messagesLost: p.messagesLost,
    });
  }
  const options = evaluatorOptions({ ...input, rules });
  const group = {
    cluster: input.cluster,
    group: input.group,
    state: input.state,
    members: input.members,
    partitions,
  };
  return { ok: true, status: evaluateGroup(group, options, input.now) };
}

const FLUSH_AT_CHARS = 1 << 16;

/**
 * Reads NDJSON from `input` line by line and writes one JSON line per input line to
 * `output`. Resolves to the number of invalid lines.
 */
export async function evaluateStream(
  input: Readable,
  output: Writable,
  rules: RuleSet = 'lagwatch',
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let outputClosed = false;
  const onOutputError = (): void => {
    outputClosed = true; // e.g. EPIPE from `| head`: stop quietly
    lines.close();
  };
  output.on('error', onOutputError);
  let lineNumber = 0;
  let invalid = 0;
  let pending = '';
  const flush = async (): Promise<void> => {
    const chunk = pending;
    pending = '';
    if (outputClosed) return;
    try {
      if (!output.write(chunk)) await once(output, 'drain');
    } catch {
      onOutputError();
    }
  };
  try {
    for await (const raw of lines) {
      lineNumber++;
      const line = lineNumber === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
      const result = evaluateLine(line, rules);
      if (result.ok) {
        pending += JSON.stringify(toBurrowGroupStatus(result.status)) + '\n';
      } else {
        invalid++;
        const message = `line ${lineNumber}: ${result.message}`;
        pending += JSON.stringify({ error: true, message }) + '\n';
      }
      if (pending.length >= FLUSH_AT_CHARS) await flush();
      if (outputClosed) break;
    }
    if (pending !== '') await flush();
  } finally {
    output.off('error', onOutputError);
  }
  return invalid;
}

async function openInput(file: string, stdin: Readable): Promise<Readable> {
  if (file === '-') return stdin;
  const handle = await open(file, 'r');
  return handle.createReadStream({ encoding: 'utf8' });
}

/** Runs the subcommand; resolves to its exit code. */
export async function runEvaluate(
  file: string,
  io: { readonly stdin: Readable; readonly stdout: Writable; readonly stderr: Writable },
  rules: RuleSet = 'lagwatch',
): Promise<ExitCode> {
  try {
    const input = await openInput(file, io.stdin);
    const invalid = await evaluateStream(input, io.stdout, rules);
    return invalid === 0 ? ExitCode.OK : ExitCode.INVALID;
  } catch (err) {
    io.stderr.write(`lagwatch evaluate: cannot read ${file}: ${(err as Error).message}\n`);
    return ExitCode.FAILED;
  }
}

const inputHelp = `
Input: one consumer group per line, as JSON:
  {"cluster","group","now" (ms),"allowedLag"?,"intervals"?,"minimumComplete"?,"state"?,
   "partitions":[{"topic","partition","offsets":[{"offset","timestamp","lag"}],
                  "brokerOffsets":[...],"currentLag"?}]}
  offsets and brokerOffsets oldest first; currentLag defaults to the last broker offset
  minus the last committed offset (floored at 0); a line without "partitions" is a group
  nobody knows (NOTFOUND); "state":"Empty" with lag makes a partition STOP at once.
Output: one line per input line, Burrow's v3 consumer status with every partition, or
  {"error":true,"message":"line N: ..."}. Exit code 2 if any line was invalid.
`;

export function registerEvaluate(program: Command, cli: CliRuntime = processRuntime()): void {
  program
    .command('evaluate')
    .description(
      "judge consumer groups given as NDJSON windows (lagwatch's rules, or Burrow's); one status a line",
    )
    .argument('[file]', 'NDJSON file to read, or - for standard input', '-')
    .addOption(
      new Option(
        '--rules <set>',
        "lagwatch (for polled samples: see src/status/RULES.md) or burrow (Burrow 1.9.5's, case for case)",
      )
        .choices([...RULE_SETS])
        .default('lagwatch'),
    )
    .addHelpText('after', inputHelp)
    .action(async (file: string, options: { rules: RuleSet }) => {
      cli.exit(await runEvaluate(file, cli.io, options.rules));
    });
}
