// Lag in seconds on the real stack: records produced at a known pace, the group stops at a
// known offset; after several ticks the estimate is within one tick interval of the true
// age of the group's oldest unread record.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exactProducer, kafkaFor } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { testService } from '../../helpers/service.js';

const prefix = uniqueName('lagsec');
const PER_TICK = 10;
const TICKS = 8;
const STOP_AT = 30; // the group's committed offset: it stops after the third batch
const PAUSE_MS = 600;

test('lag seconds follow the age of the oldest unread record', { timeout: 120_000 }, async () => {
  const kafka = kafkaFor('a');
  const admin = kafka.admin();
  const producer = exactProducer(kafka);
  const topic = `${prefix}-t`;
  const groupId = `${prefix}-g`;
  await admin.connect();
  await producer.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const harness = testService(prefix);
  const appendedAt = new Map<number, number>(); // offset -> when the broker acknowledged it
  const tickTimes: number[] = [];
  try {
    for (let i = 0; i < TICKS; i++) {
      const [ack] = await producer.send({
        topic,
        messages: Array.from({ length: PER_TICK }, (_, j) => ({
          partition: 0,
          value: `${i}:${j}`,
        })),
      });
      const acked = Date.now();
      for (let j = 0; j < PER_TICK; j++) appendedAt.set(Number(ack!.baseOffset) + j, acked);
      if (i === 2) {
        // The group reads the first three batches, commits, and stops for good.
        await admin.setOffsets({
          groupId,
          topic,
          partitions: [{ partition: 0, offset: String(STOP_AT) }],
        });
      }
      if (i >= 2) {
        await harness.service.tickAll();
        tickTimes.push(harness.recorded.at(-1)!.report.takenAt);
      }
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    const last = harness.recorded.filter((r) => r.report.cluster === 'a').at(-1)!.report;
    const partition = last.groups.find((g) => g.group === groupId)?.partitions[0];
    assert.ok(partition, 'the group was judged');
    assert.equal(partition.currentLag, TICKS * PER_TICK - STOP_AT);
    assert.ok(partition.timeLagMs !== null, 'an estimate exists after several ticks');
    const trueAgeMs = last.takenAt - appendedAt.get(STOP_AT)!;
    const intervals = tickTimes.slice(1).map((t, i) => t - tickTimes[i]!);
    const tickIntervalMs = Math.max(...intervals);
    // The estimate errs by at most the time between the last tick that saw the log end at
    // the committed offset and the append after it: one tick interval. The two clocks
    // compared add a little: `appendedAt` is read when the ack arrives (after the append)
    // and `takenAt` when the tick starts (before the log end is read).
    const clockSlackMs = 100;
    assert.ok(
      Math.abs(partition.timeLagMs - trueAgeMs) <= tickIntervalMs + clockSlackMs,
      `estimate ${partition.timeLagMs} ms, true age ${trueAgeMs} ms, tick interval ${tickIntervalMs} ms`,
    );
    assert.ok(trueAgeMs >= (TICKS - 4) * PAUSE_MS, 'the record really is several ticks old');
  } finally {
    await harness.stop();
    await producer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
});
