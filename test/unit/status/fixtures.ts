// Loads the evaluator's fixture tables (fixtures/*.json) and turns their compact form
// into the evaluator's input types. The tables are checked against a strict schema so a
// misspelt key fails loudly instead of silently testing nothing. A table may name the
// rule set that judges its cases ("rules"); a case may name its own; neither: the default.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type {
  EvaluatorOptionsInput,
  GroupWindow,
  PartitionSample,
  PartitionWindow,
} from '../../../src/status/index.js';

const sampleTuple = z.tuple([z.int(), z.int(), z.int().nullable()]);
const options = z.strictObject({
  allowedLag: z.int().optional(),
  intervals: z.int().optional(),
  minimumComplete: z.number().optional(),
  minimumSamples: z.int().optional(),
});
const ruleSet = z.enum(['lagwatch', 'burrow']);
const statusWord = z.enum(['OK', 'WARN', 'STOP', 'STALL', 'REWIND']);
const groupWord = z.enum(['NOTFOUND', 'OK', 'WARN', 'ERR']);

const partitionCase = z.strictObject({
  id: z.string(),
  about: z.string(),
  now: z.int(),
  state: z.string().optional(),
  rules: ruleSet.optional(),
  options: options.optional(),
  currentLag: z.int(),
  brokerOffsets: z.array(z.int()),
  samples: z.array(sampleTuple),
  expect: z.strictObject({
    status: statusWord,
    reason: z.string(),
    complete: z.number(),
    start: sampleTuple.nullable().optional(),
    end: sampleTuple.nullable().optional(),
    text: z.string().optional(),
  }),
});

const groupPartition = z.strictObject({
  topic: z.string(),
  partition: z.int(),
  currentLag: z.int(),
  brokerOffsets: z.array(z.int()).optional(),
  samples: z.array(sampleTuple).optional(),
});

const groupCase = z.strictObject({
  id: z.string(),
  about: z.string(),
  now: z.int(),
  rules: ruleSet.optional(),
  options: options.optional(),
  cluster: z.string(),
  group: z.string(),
  state: z.string().optional(),
  known: z.boolean().optional(),
  partitions: z.array(groupPartition).optional(),
  expect: z.strictObject({
    status: groupWord,
    complete: z.number().optional(),
    partitionCount: z.int().optional(),
    totallag: z.int().optional(),
    problemPartitions: z.int().optional(),
    state: z.string().nullable().optional(),
    partitions: z
      .array(
        z.strictObject({
          status: statusWord.optional(),
          reason: z.string().optional(),
          complete: z.number().optional(),
        }),
      )
      .optional(),
    maxlag: z
      .strictObject({
        topic: z.string(),
        partition: z.int(),
        startOffset: z.int().optional(),
        endOffset: z.int().optional(),
      })
      .nullable()
      .optional(),
  }),
});

export type PartitionCase = z.infer<typeof partitionCase>;
export type GroupCase = z.infer<typeof groupCase>;
export type SampleTuple = z.infer<typeof sampleTuple>;
type RuleSet = z.infer<typeof ruleSet>;

/** The evaluator options a case is judged with: its options and its (or its table's) rule set. */
export function optionsOf(c: PartitionCase | GroupCase): EvaluatorOptionsInput {
  return { ...c.options, rules: c.rules };
}

function load<T extends { readonly rules?: RuleSet | undefined }>(
  name: string,
  schema: z.ZodType<T>,
): T[] {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const table = z
    .strictObject({ about: z.string(), rules: ruleSet.optional(), cases: z.array(schema) })
    .parse(JSON.parse(text));
  return table.cases.map((c) =>
    (c.rules ?? table.rules) === undefined ? c : { ...c, rules: c.rules ?? table.rules },
  );
}

export const loadPartitionCases = (name: string): PartitionCase[] => load(name, partitionCase);
export const loadGroupCases = (name: string): GroupCase[] => load(name, groupCase);

export function toSample([offset, timestamp, lag]: SampleTuple): PartitionSample {
  return { offset, timestamp, lag };
}

export function partitionWindowOf(c: PartitionCase): PartitionWindow {
  return {
    topic: 't',
    partition: 0,
    samples: c.samples.map(toSample),
    brokerOffsets: c.brokerOffsets,
    currentLag: c.currentLag,
  };
}

export function groupWindowOf(c: GroupCase): GroupWindow {
  return {
    cluster: c.cluster,
    group: c.group,
    state: c.state,
    partitions: (c.partitions ?? []).map((p) => ({
      topic: p.topic,
      partition: p.partition,
      currentLag: p.currentLag,
      brokerOffsets: p.brokerOffsets ?? [],
      samples: (p.samples ?? []).map(toSample),
    })),
  };
}
