// bench/commits: commit-stream mode's two costs.
// 1. Decoding (no server): records of __consumer_offsets decoded per second, from a
//    synthetic mix in the layouts Kafka writes (OffsetCommitValue v3 and v4, every 50th
//    record a GroupMetadataValue v3, every 100th an offset tombstone (i % 100 = 98)), and the same with
//    each commit taken into the window store (the whole path after the fetch).
// 2. Replay (the real stack, `bash scripts/stack up`): time and memory to replay a topic
//    of LAGWATCH_BENCH_RECORDS (default 1,000,000) such records with OffsetTopicReader.
//    Brokers refuse produce requests to the internal __consumer_offsets, so the bench writes
//    the same bytes into a topic of its own (50 partitions, like __consumer_offsets; kept
//    between runs and reused when it already holds the count) and points the reader at it:
//    the fetch, decode and store path is the one commits mode runs. 1,000 groups x 10
//    partitions, 100 commits each.
import { createLogger } from '../src/log.js';
import { OffsetsTopicReader } from '../src/kafka/offsets-topic-reader.js';
import { decodeOffsetsTopicRecord } from '../src/kafka/offsets-topic-record.js';
import { Writer } from '../src/kafka/wire.js';
import { WindowStore } from '../src/window/store.js';
import { kafkaFor } from '../test/helpers/kafka.js';

const RECORDS = Number(process.env.LAGWATCH_BENCH_RECORDS ?? 1_000_000);
const GROUPS = 1_000;
const PARTITIONS = 10;
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** The i-th synthetic record: key and value bytes as Kafka lays them out. */
function record(i: number): { key: Buffer; value: Buffer | null } {
  const group = `bench-group-${i % GROUPS}`;
  if (i % 50 === 49) {
    const key = new Writer().int16(2).string(group).bytes();
    const value = new Writer()
      .int16(3)
      .string('consumer')
      .int32(i)
      .string('range')
      .string('m-1')
      .raw(Buffer.alloc(8))
      .int32(1)
      .string('m-1')
      .string(null)
      .string('client')
      .string('/10.0.0.1')
      .int32(60_000)
      .int32(45_000)
      .int32(0)
      .int32(0)
      .bytes();
    return { key: Buffer.from(key), value: Buffer.from(value) };
  }
  const topic = `bench-topic-${i % 100}`;
  const partition = Math.floor(i / GROUPS) % PARTITIONS;
  const key = Buffer.from(
    new Writer().int16(1).string(group).string(topic).int32(partition).bytes(),
  );
  if (i % 100 === 98) return { key, value: null };
  const offset = Buffer.alloc(8);
  offset.writeBigInt64BE(BigInt(i));
  const at = Buffer.alloc(8);
  at.writeBigInt64BE(BigInt(1_700_000_000_000 + i));
  const value =
    i % 2 === 0
      ? new Writer().int16(3).raw(offset).int32(-1).string('').raw(at).bytes()
      : new Writer().int16(4).raw(offset).int32(-1).compactString('').raw(at).uvarint(0).bytes();
  return { key, value: Buffer.from(value) };
}

function decodeBench(): void {
  const count = Math.min(RECORDS, 1_000_000);
  const records = Array.from({ length: count }, (_, i) => record(i));
  for (let i = 0; i < 50_000; i++) decodeOffsetsTopicRecord(records[i]!.key, records[i]!.value);
  let commits = 0;
  let started = process.hrtime.bigint();
  for (const r of records)
    if (decodeOffsetsTopicRecord(r.key, r.value).kind === 'commit') commits++;
  let ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `decode: ${count} records (${commits} commits) in ${ms.toFixed(0)} ms: ${Math.round(count / (ms / 1000))} records/s`,
  );
  const store = new WindowStore({
    intervals: 10,
    expireGroupAfterMs: 7 * 86_400_000,
    endOffsetHistory: 60,
  });
  started = process.hrtime.bigint();
  for (const r of records) {
    const d = decodeOffsetsTopicRecord(r.key, r.value);
    if (d.kind === 'commit') store.recordCommit('a', { ...d, timestamp: d.commitTimestamp }, 1000);
  }
  ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `decode + window store: ${Math.round(count / (ms / 1000))} records/s; store: ${JSON.stringify(store.stats())}`,
  );
}

async function replayBench(): Promise<void> {
  let kafka;
  try {
    kafka = kafkaFor('a', 'lagwatch-bench');
  } catch (error) {
    console.log(`replay: skipped (${(error as Error).message})`);
    return;
  }
  const topic = `lagwatch-bench-offsets-${RECORDS}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = (await admin.listTopics()).includes(topic);
    let held = 0;
    if (existing) {
      for (const p of await admin.fetchTopicOffsets(topic)) held += Number(p.high) - Number(p.low);
    }
    if (held !== RECORDS) {
      if (existing) await admin.deleteTopics({ topics: [topic] });
      await admin.createTopics({ topics: [{ topic, numPartitions: 50 }], waitForLeaders: true });
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      const started = Date.now();
      const BATCH = 20_000;
      for (let from = 0; from < RECORDS; from += BATCH) {
        const messages = [];
        for (let i = from; i < Math.min(RECORDS, from + BATCH); i++) {
          const r = record(i);
          // All of a group's records in one partition, as Kafka places them.
          messages.push({ key: r.key, value: r.value, partition: (i % GROUPS) % 50 });
        }
        await producer.send({ topic, messages, acks: 1 });
      }
      await producer.disconnect();
      console.log(
        `replay: produced ${RECORDS} records into ${topic} in ${Date.now() - started} ms`,
      );
    } else {
      console.log(`replay: reusing ${topic} (${held} records)`);
    }
  } finally {
    await admin.disconnect();
  }

  gc?.();
  const before = process.memoryUsage();
  const store = new WindowStore({
    intervals: 10,
    expireGroupAfterMs: 7 * 86_400_000,
    endOffsetHistory: 60,
  });
  const reader = new OffsetsTopicReader(kafkaFor('a', 'lagwatch-bench-reader'), {
    cluster: 'a',
    logger: createLogger('warn'),
    topic,
    onRecord: (r) => {
      if (r.kind === 'commit')
        store.recordCommit('a', { ...r, timestamp: r.commitTimestamp }, 1000);
    },
  });
  let peakRss = before.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = Date.now();
  reader.start();
  await reader.caughtUp;
  const ms = Date.now() - started;
  clearInterval(sampler);
  const after = process.memoryUsage();
  gc?.();
  const settled = process.memoryUsage();
  console.log(
    `replay: ${reader.counts.records} records (${reader.counts.commits} commits, ${reader.counts.tombstones} tombstones, ` +
      `${reader.counts.unreadable} unreadable) in ${ms} ms: ${Math.round(reader.counts.records / (ms / 1000))} records/s, ` +
      `${reader.counts.fetches} fetches`,
  );
  console.log(
    `replay memory: rss ${mb(before.rss)} -> peak ${mb(peakRss)} -> ${mb(after.rss)}; heap used ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} (${mb(settled.heapUsed)} after gc); store ${JSON.stringify(store.stats())}`,
  );
  await reader.stop();
}

console.log(
  `node ${process.version}; ${RECORDS} records; the machine is shared: figures vary with load`,
);
decodeBench();
await replayBench();
