// bench/sampler: one cluster tick over G groups x P partitions on the local stack.
// Prints tick wall time, CPU time, broker requests per tick broken down by Kafka API, RSS,
// the first tick's figures, and where the time goes (per kind of call). Sets itself up at
// any size: topics are created in batches (the KRaft controller refuses a CreateTopics of
// more than 10,000 partitions) and offsets committed with a few requests in flight. Needs `scripts/stack up`. Scale with LAGWATCH_BENCH_GROUPS (500)
// and LAGWATCH_BENCH_PARTITIONS (20 per group); LAGWATCH_BENCH_TICKS (5) ticks are timed;
// LAGWATCH_BENCH_GROUPS_PER_REQUEST (1000) is the sampler's groupsPerRequest.
// Its topics and groups (bench-sampler-*) stay on cluster a for the next run; `scripts/stack
// down` drops them.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { createLogger } from '../src/log.js';
import { ProtocolClient } from '../src/kafka/protocol-client.js';
import { sampleCluster } from '../src/kafka/sampler.js';
import { mapLimit } from '../src/util/map-limit.js';
import { OffsetCommitter } from '../test/helpers/commit-offsets.js';
import { stackEnv } from '../test/helpers/stack.js';

const groups = Number(process.env.LAGWATCH_BENCH_GROUPS ?? 500);
const partitions = Number(process.env.LAGWATCH_BENCH_PARTITIONS ?? 20);
const ticks = Number(process.env.LAGWATCH_BENCH_TICKS ?? 5);
const groupsPerTopic = 10;
const topics = Math.ceil(groups / groupsPerTopic);
const prefix = `bench-sampler-${groups}x${partitions}`;
const brokers = stackEnv().kafkaClusters.a!.brokers;
const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });

/** kafkajs' own waitForLeaders gives up while a big batch is still being placed. */
async function waitForLeaders(admin: Admin, topicNames: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await admin
      .fetchTopicMetadata({ topics: topicNames })
      .then(({ topics: t }) => t.every((m) => m.partitions.every((p) => p.leader >= 0)))
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error('new topics got no leaders within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function setUp(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const topicNames = Array.from({ length: topics }, (_, i) => `${prefix}-t${i}`);
  const missing = topicNames.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    console.log(`setting up ${topics} topics x ${partitions} partitions...`);
    // Well under the controller's 10,000 partitions per CreateTopics request.
    const topicsPerRequest = Math.max(1, Math.floor(5000 / partitions));
    for (let i = 0; i < missing.length; i += topicsPerRequest) {
      const batch = missing.slice(i, i + topicsPerRequest);
      await admin.createTopics({
        topics: batch.map((topic) => ({ topic, numPartitions: partitions })),
        waitForLeaders: false,
      });
      await waitForLeaders(admin, batch);
    }
    // New partitions' leaders may still be moving in: retry longer than kafkajs' default.
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      retry: { retries: 10, initialRetryTime: 300 },
    });
    await producer.connect();
    await mapLimit(missing, 8, async (topic) => {
      await producer.send({
        topic,
        messages: Array.from({ length: partitions * 50 }, (_, i) => ({
          partition: i % partitions,
          value: 'x',
        })),
      });
    });
    await producer.disconnect();
  }
  const listed = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
  const committer = new OffsetCommitter(kafka);
  let made = 0;
  const toMake = Array.from({ length: groups }, (_, g) => g).filter(
    (g) => !listed.has(`${prefix}-g${g}`),
  );
  await mapLimit(toMake, 16, async (g) => {
    const topic = topicNames[Math.floor(g / groupsPerTopic)]!;
    await committer.commit(
      `${prefix}-g${g}`,
      topic,
      Array.from({ length: partitions }, (_, p) => (g + p) % 50),
    );
    made++;
  });
  if (made > 0) console.log(`committed offsets for ${made} groups`);
  await committer.disconnect();
  await admin.disconnect();
}

/** Requests per tick by Kafka API between two readings of the client's counter. */
function breakdown(
  before: Record<string, number>,
  after: Record<string, number>,
  perTicks: number,
): string {
  return Object.entries(after)
    .map(([api, n]) => [api, (n - (before[api] ?? 0)) / perTicks] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([api, n]) => `${api} ${n}`)
    .join(', ');
}

/** Wraps each request kind of the client to add up its wall time. */
function timeRequests(client: ProtocolClient): Map<string, { calls: number; ms: number }> {
  const spent = new Map<string, { calls: number; ms: number }>();
  const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of [
    'listGroups',
    'topics',
    'findCoordinators',
    'describeGroups',
    'committedOffsets',
    'listOffsets',
  ]) {
    const original = target[method]!.bind(client);
    target[method] = async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await original(...args);
      } finally {
        const entry = spent.get(method) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - start;
        spent.set(method, entry);
      }
    };
  }
  return spent;
}

await setUp();
const client = new ProtocolClient(kafka);
const spent = timeRequests(client);
const options = {
  cluster: 'a',
  groups: { allow: [new RegExp(`^${prefix}-`)], deny: [] },
  topics: { allow: [], deny: [] },
  concurrency: Number(process.env.LAGWATCH_BENCH_CONCURRENCY ?? 8),
  groupsPerRequest: Number(process.env.LAGWATCH_BENCH_GROUPS_PER_REQUEST ?? 1000),
  deadlineMs: 120_000,
  logger: createLogger('warn', 2),
};
// The first tick also finds every group's coordinator; later ticks reuse them.
const byApiBefore = { ...client.counter.byApi };
const firstCpuBefore = process.cpuUsage();
const first = await sampleCluster(client, options);
const firstCpu = process.cpuUsage(firstCpuBefore);
if (!first.available) throw new Error(`first tick failed: ${JSON.stringify(first.fault)}`);
const groupPartitions = first.groups.reduce((n, g) => n + g.partitions.length, 0);
console.log(
  `groups ${first.groups.length}, group-partitions ${groupPartitions}, topic-partitions ${first.offsets.length}`,
);
console.log(
  `first tick: ${first.durationMs} ms wall, ${((firstCpu.user + firstCpu.system) / 1000).toFixed(0)} ms CPU, ` +
    `${first.requests} requests (${breakdown(byApiBefore, client.counter.byApi, 1)}), ` +
    `RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);
spent.clear();
const byApiTimed = { ...client.counter.byApi };
const walls: number[] = [];
const cpus: number[] = [];
const requests: number[] = [];
for (let i = 0; i < ticks; i++) {
  const cpuBefore = process.cpuUsage();
  const snapshot = await sampleCluster(client, options);
  const cpu = process.cpuUsage(cpuBefore);
  if (!snapshot.available) throw new Error(`tick failed: ${JSON.stringify(snapshot.fault)}`);
  walls.push(snapshot.durationMs);
  cpus.push((cpu.user + cpu.system) / 1000);
  requests.push(snapshot.requests);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`ticks timed: ${ticks} (concurrency ${options.concurrency})`);
console.log(
  `tick wall time: median ${median(walls)} ms (min ${Math.min(...walls)}, max ${Math.max(...walls)})`,
);
console.log(`tick CPU time:  median ${median(cpus).toFixed(0)} ms`);
console.log(
  `broker requests per tick: ${median(requests)} (${breakdown(byApiTimed, client.counter.byApi, ticks)})`,
);
console.log(`RSS: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
console.log('where the wall time goes (summed over calls in flight, per tick):');
for (const [method, { calls, ms }] of spent) {
  console.log(
    `  ${method.padEnd(17)} ${String(calls / ticks).padStart(6)} calls  ${(ms / ticks).toFixed(0).padStart(7)} ms`,
  );
}
await client.disconnect();
