// The demo load: a producer at a steady pace and consumer groups that behave
// differently, so that every status shows within minutes:
//   demo-healthy  a real consumer that keeps up                        -> OK
//   demo-slow     a live member committing at half the production rate -> WARN
//   demo-stuck    a live member whose commit never moves               -> STALL (ERR)
//   demo-rewind   keeps pace, jumps back 60 s of messages (at 30 s, then
//                 every 90 s), then keeps pace again                     -> REWIND (ERR)
//   demo-stopped  committed once, then left the group                  -> STOP (ERR)
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import type { Logger } from '../contract/logger.js';
import { ScriptedMember } from './scripted-member.js';

export interface DemoLoadOptions {
  readonly brokers: readonly string[];
  readonly topic?: string;
  readonly partitions?: number;
  /** Messages per second per partition. */
  readonly ratePerPartition?: number;
  readonly rewindEveryMs?: number;
  readonly logger: Logger;
}

export const DEMO_GROUP_PREFIX = 'demo-';

export class DemoLoad {
  readonly #kafka: Kafka;
  readonly #topic: string;
  readonly #partitions: number;
  readonly #rate: number;
  readonly #rewindEveryMs: number;
  readonly #log: Logger;
  readonly #admin: Admin;
  readonly #producer: Producer;
  #healthy: Consumer | null = null;
  #members: ScriptedMember[] = [];
  #timer: NodeJS.Timeout | null = null;
  #stepping: Promise<void> | null = null;
  readonly #slow = new Map<number, number>();
  readonly #rewind = new Map<number, number>();
  #lastRewind = Date.now();
  #lastStep = Date.now();

  constructor(options: DemoLoadOptions) {
    this.#kafka = new Kafka({
      clientId: 'lagwatch-demo',
      brokers: [...options.brokers],
      logLevel: logLevel.NOTHING,
    });
    this.#topic = options.topic ?? 'demo-orders';
    this.#partitions = options.partitions ?? 3;
    this.#rate = options.ratePerPartition ?? 10;
    this.#rewindEveryMs = options.rewindEveryMs ?? 90_000;
    this.#log = options.logger.child({ component: 'demo-load' });
    this.#admin = this.#kafka.admin();
    this.#producer = this.#kafka.producer({ allowAutoTopicCreation: false });
  }

  async start(): Promise<void> {
    await this.#admin.connect();
    if (!(await this.#admin.listTopics()).includes(this.#topic)) {
      await this.#admin.createTopics({
        topics: [{ topic: this.#topic, numPartitions: this.#partitions }],
        waitForLeaders: true,
      });
    }
    await this.#producer.connect();
    await this.#produce(this.#rate * 30); // some history to lag behind on
    const ends = await this.#ends();

    // Stopped: a position behind the end, then nobody.
    const stopped = new ScriptedMember(this.#kafka, `${DEMO_GROUP_PREFIX}stopped`, this.#topic);
    await stopped.join();
    await stopped.commit(this.#shifted(ends, -this.#rate * 20));
    await stopped.leave();

    const stuck = new ScriptedMember(this.#kafka, `${DEMO_GROUP_PREFIX}stuck`, this.#topic);
    const slow = new ScriptedMember(this.#kafka, `${DEMO_GROUP_PREFIX}slow`, this.#topic);
    const rewind = new ScriptedMember(this.#kafka, `${DEMO_GROUP_PREFIX}rewind`, this.#topic);
    await Promise.all([stuck.join(), slow.join(), rewind.join()]);
    await stuck.commit(this.#shifted(ends, -this.#rate * 5));
    for (const [p, end] of ends) {
      this.#slow.set(p, end - this.#rate * 5);
      this.#rewind.set(p, end);
    }
    this.#members = [stuck, slow, rewind];

    const healthy = this.#kafka.consumer({
      groupId: `${DEMO_GROUP_PREFIX}healthy`,
      allowAutoTopicCreation: false,
    });
    await healthy.connect();
    await healthy.subscribe({ topic: this.#topic, fromBeginning: false });
    await healthy.run({ eachMessage: () => Promise.resolve() });
    this.#healthy = healthy;

    this.#lastStep = Date.now();
    // The first rewind comes after 30 s, so that every status shows within a minute.
    this.#lastRewind = Date.now() - this.#rewindEveryMs + 30_000;
    this.#timer = setInterval(() => {
      if (this.#stepping) return; // never overlap
      this.#stepping = this.#step()
        .catch((error: unknown) => this.#log.warn({ err: error }, 'demo load step failed'))
        .finally(() => {
          this.#stepping = null;
        });
    }, 1000);
    this.#log.info(
      { topic: this.#topic, partitions: this.#partitions, ratePerPartition: this.#rate },
      'demo load running',
    );
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#stepping;
    await Promise.allSettled([
      ...this.#members.map((m) => m.leave()),
      this.#healthy?.disconnect(),
      this.#producer.disconnect(),
      this.#admin.disconnect(),
    ]);
  }

  /** One second of load: produce, then move the scripted members' commits. */
  async #step(): Promise<void> {
    const now = Date.now();
    const elapsedS = (now - this.#lastStep) / 1000;
    this.#lastStep = now;
    await this.#produce(this.#rate);
    const [, slow, rewind] = this.#members;
    for (const [p, offset] of this.#slow) this.#slow.set(p, offset + (this.#rate / 2) * elapsedS);
    await slow?.commit(this.#slow);
    const ends = await this.#ends();
    if (now - this.#lastRewind >= this.#rewindEveryMs) {
      this.#lastRewind = now;
      for (const [p, offset] of this.#rewind)
        this.#rewind.set(p, Math.max(0, offset - this.#rate * 60));
    } else {
      // Keep pace with the log, but come back no faster than that after a rewind.
      for (const [p, offset] of this.#rewind) {
        this.#rewind.set(p, Math.min(ends.get(p) ?? offset, offset + this.#rate * elapsedS));
      }
    }
    await rewind?.commit(this.#rewind);
  }

  async #produce(perPartition: number): Promise<void> {
    const messages = [];
    for (let p = 0; p < this.#partitions; p++) {
      for (let i = 0; i < perPartition; i++)
        messages.push({ partition: p, value: `order-${Date.now()}-${i}` });
    }
    await this.#producer.send({ topic: this.#topic, messages });
  }

  async #ends(): Promise<Map<number, number>> {
    const offsets = await this.#admin.fetchTopicOffsets(this.#topic);
    return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  }

  #shifted(ends: ReadonlyMap<number, number>, by: number): Map<number, number> {
    return new Map([...ends].map(([p, end]) => [p, Math.max(0, end + by)]));
  }
}
