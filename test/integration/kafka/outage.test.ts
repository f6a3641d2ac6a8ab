// A dead cluster never delays another: cluster b's broker is stopped while both are
// ticking every second; a keeps its pace, b is reported unavailable, and after b is back
// its data is fresh again at the next tick.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { groupAt, kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { testService } from '../../helpers/service.js';
import { stackService, waitFor } from '../../helpers/stack-control.js';

const prefix = uniqueName('outage');

test(
  'stopping one cluster leaves the other on schedule; recovery within one tick',
  { timeout: 240_000 },
  async () => {
    const kafkaB = kafkaFor('b');
    const admin = kafkaB.admin();
    await admin.connect();
    const topic = `${prefix}-t`;
    await topicWithCounts(kafkaB, admin, topic, [6]);
    await (await groupAt(kafkaB, topic, `${prefix}-g`, [2])).leave();
    await admin.disconnect();

    const harness = testService(prefix, "schedule: '* * * * * *'\ntickTimeoutMs: 3000\n");
    after(async () => {
      await harness.stop();
      await stackService('start', 'kafka-b'); // a no-op when it runs already
    });
    const of = (cluster: string) =>
      harness.recorded.filter((r) => r.report.cluster === cluster).map((r) => r.report);

    harness.service.start();
    await waitFor(
      'two available ticks of each cluster',
      () => of('a').length >= 2 && of('b').filter((r) => r.available).length >= 2,
      20_000,
    );

    const outageStart = Date.now();
    await stackService('stop', 'kafka-b');
    await waitFor(
      'three unavailable ticks of b',
      () => of('b').filter((r) => !r.available && r.takenAt > outageStart).length >= 3,
      30_000,
    );
    const unavailable = of('b').filter((r) => !r.available && r.takenAt > outageStart);
    assert.ok(
      unavailable.every((r) => r.fault !== null && r.groups.length === 0),
      'an unavailable tick says why and judges nothing',
    );

    await stackService('start', 'kafka-b');
    const backAt = Date.now();
    const outageEnd = backAt;
    await waitFor(
      'a tick of b after its restart',
      () => of('b').some((r) => r.takenAt >= backAt),
      10_000,
    );
    const firstAfter = of('b').find((r) => r.takenAt >= backAt)!;
    assert.equal(
      firstAfter.available,
      true,
      `first tick after restart: ${JSON.stringify(firstAfter.fault)}`,
    );
    const group = firstAfter.groups.find((g) => g.group === `${prefix}-g`);
    assert.equal(group?.totallag, 4, 'fresh numbers: 6 produced, 2 committed');

    // Cluster a kept ticking on schedule through the whole outage.
    const aDuring = of('a').filter((r) => r.takenAt >= outageStart && r.takenAt <= outageEnd);
    const seconds = (outageEnd - outageStart) / 1000;
    assert.ok(
      aDuring.length >= Math.floor(seconds) - 1,
      `a ticked ${aDuring.length} times in ${seconds.toFixed(1)} s`,
    );
    assert.ok(
      aDuring.every((r) => r.available),
      'every tick of a succeeded',
    );
    const gaps = aDuring.slice(1).map((r, i) => r.takenAt - aDuring[i]!.takenAt);
    assert.ok(
      Math.max(...gaps) < 2_500,
      `a's ticks stayed about a second apart: ${gaps.join(', ')} ms`,
    );
  },
);
