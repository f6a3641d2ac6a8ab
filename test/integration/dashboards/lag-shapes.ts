// Consumer groups in the shapes a dashboard must show, on the stack's real Kafka clusters:
// caught up (OK), falling behind while it consumes (WARN), gone with lag (STOP, group ERR),
// present but stuck on one offset (STALL, group ERR), gone with messages deleted by
// retention before it read them (messages lost), and an OK group on the second cluster.
// `advance()` is what happens between two ticks; `cleanup()` removes everything.
import type { Admin } from 'kafkajs';
import { groupAt, kafkaFor, produce, topicWithCounts } from '../../helpers/kafka.js';

export interface LagShapes {
  readonly groups: {
    readonly ok: string;
    readonly warn: string;
    readonly stopped: string;
    readonly stalled: string;
    readonly lost: string;
    readonly okOnB: string;
  };
  /** Between ticks: more messages for the WARN group, which commits fewer than arrived. */
  advance(): Promise<void>;
  cleanup(): Promise<void>;
}

const WARN_PRODUCED_PER_TICK = 6;
const WARN_COMMITTED_PER_TICK = 2;

export async function createLagShapes(prefix: string): Promise<LagShapes> {
  const a = kafkaFor('a');
  const b = kafkaFor('b');
  const adminA = a.admin();
  const adminB = b.admin();
  await Promise.all([adminA.connect(), adminB.connect()]);
  const topics = {
    main: `${prefix}-t`,
    warn: `${prefix}-w`,
    lost: `${prefix}-l`,
    b: `${prefix}-b`,
  };
  const groups = {
    ok: `${prefix}-ok`,
    warn: `${prefix}-warn`,
    stopped: `${prefix}-stopped`,
    stalled: `${prefix}-stalled`,
    lost: `${prefix}-lost`,
    okOnB: `${prefix}-ok-b`,
  };
  const members: { leave: () => Promise<void> }[] = [];
  const cleanup = async (): Promise<void> => {
    await Promise.all(members.map((m) => m.leave().catch(() => undefined)));
    await removeAll(
      adminA,
      [groups.ok, groups.warn, groups.stalled, groups.stopped, groups.lost],
      [topics.main, topics.warn, topics.lost],
    );
    await removeAll(adminB, [groups.okOnB], [topics.b]);
  };
  try {
    // One topic at a time per admin: kafkajs's waitForLeaders refreshes the metadata of every
    // topic that admin was asked about, so a topic a parallel call is still creating failed
    // it with UNKNOWN_TOPIC_OR_PARTITION (before hook, about one run in three).
    const onA = async (): Promise<void> => {
      await topicWithCounts(a, adminA, topics.main, [20, 5, 9]);
      await topicWithCounts(a, adminA, topics.warn, [10]);
      await topicWithCounts(a, adminA, topics.lost, [10]);
    };
    await Promise.all([onA(), topicWithCounts(b, adminB, topics.b, [5])]);
    const joined = await Promise.allSettled([
      groupAt(a, topics.main, groups.ok, [20, 5, 9]),
      groupAt(a, topics.warn, groups.warn, [4]),
      groupAt(a, topics.main, groups.stalled, [10, 2, 3]),
      groupAt(b, topics.b, groups.okOnB, [5]),
      groupAt(a, topics.main, groups.stopped, [12, 5, 0]),
      groupAt(a, topics.lost, groups.lost, [2]),
    ]);
    for (const j of joined) if (j.status === 'fulfilled') members.push(j.value);
    const failed = joined.find((j) => j.status === 'rejected');
    if (failed) throw failed.reason;
    const [, warn, , , stopped, lost] = joined.map(
      (j) => (j as PromiseFulfilledResult<Member>).value,
    );
    // Two groups leave with lag (their state becomes Empty: STOP).
    await Promise.all([stopped!.leave(), lost!.leave()]);
    // Retention (here: a records deletion) removes offsets 0-5; the group committed 2.
    // The admin needs the topic's leaders first (kafkajs looks them up in its metadata).
    await adminA.fetchTopicMetadata({ topics: [topics.lost] });
    await adminA.deleteTopicRecords({
      topic: topics.lost,
      partitions: [{ partition: 0, offset: '6' }],
    });
    let warnCommitted = 4;
    return {
      groups,
      async advance() {
        await produce(a, topics.warn, [WARN_PRODUCED_PER_TICK]);
        warnCommitted += WARN_COMMITTED_PER_TICK;
        await warn!.consumer.commitOffsets([
          { topic: topics.warn, partition: 0, offset: String(warnCommitted) },
        ]);
      },
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

type Member = Awaited<ReturnType<typeof groupAt>>;

async function removeAll(admin: Admin, groups: string[], topics: string[]): Promise<void> {
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}
