// Drives one tick per cluster on the configured cron schedule. Each cluster has its own
// task, so a dead cluster never delays another; stop() waits for running ticks.
import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { Logger } from '../contract/logger.js';
import type { ClusterTick } from './cluster-tick.js';

export class Scheduler {
  readonly #expression: string;
  readonly #ticks: readonly ClusterTick[];
  readonly #logger: Logger;
  #tasks: ScheduledTask[] = [];

  constructor(expression: string, ticks: readonly ClusterTick[], logger: Logger) {
    this.#expression = expression;
    this.#ticks = ticks;
    this.#logger = logger;
  }

  start(): void {
    if (this.#tasks.length > 0) return;
    for (const tick of this.#ticks) {
      const task = cron.schedule(
        this.#expression,
        () => {
          void tick.fire();
        },
        { name: `tick:${tick.cluster}`, suppressMissedWarning: true, logger: this.#cronLogger() },
      );
      this.#tasks.push(task);
    }
    this.#logger.info(
      { schedule: this.#expression, clusters: this.#ticks.map((t) => t.cluster) },
      'schedule started',
    );
  }

  /** Stops the schedule, then waits for the ticks still running. */
  async stop(): Promise<void> {
    const tasks = this.#tasks;
    this.#tasks = [];
    await Promise.all(tasks.map(async (task) => task.destroy()));
    await Promise.all(this.#ticks.map((tick) => tick.running ?? Promise.resolve()));
  }

  #cronLogger(): CronLogger {
    const log = this.#logger.child({ component: 'node-cron' });
    return {
      info: (message) => log.debug(message),
      warn: (message) => log.warn(message),
      error: (message, err) => log.error({ err }, String(message)),
      debug: (message) => log.debug(String(message)),
    };
  }
}
