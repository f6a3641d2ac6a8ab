// Opening a delivery's spool: what an earlier run left is announced, lines failing their
// check are logged (throttled) as they are quarantined, and a spool that cannot be opened
// (permissions, a second process) is an error to report, not a crash.
import { ErrorCode } from '../../src/contract/errors.js';
import type { Logger } from '../../src/contract/logger.js';
import { Spool } from './spool.js';
import { ThrottledLog } from './throttled-log.js';

export interface OpenedSpool {
  readonly spool: Spool | null;
  /** Why the spool is unusable, or null. */
  readonly error: string | null;
  /** Writes the summary the quarantine log still holds. */
  readonly flushLog: () => void;
}

export function openSpool(dir: string | undefined, maxBytes: number, logger: Logger): OpenedSpool {
  const quarantineLog = new ThrottledLog(
    logger,
    'a spool record failed its check: quarantined, not sent',
    { intervalMs: 60_000, perInterval: 10 },
  );
  const flushLog = (): void => quarantineLog.flush();
  if (dir === undefined) return { spool: null, error: null, flushLog };
  let spool: Spool;
  try {
    spool = new Spool({
      dir,
      maxBytes,
      onQuarantine: (record) => {
        quarantineLog.log({
          code: ErrorCode.SPOOL_IO,
          ...record,
          quarantinedTotal: spool.quarantined,
        });
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ err: message }, 'the spool cannot be used: nothing can wait on disk');
    return { spool: null, error: message, flushLog };
  }
  if (spool.recovery.items > 0) {
    logger.info(
      { ...spool.recovery, dir: spool.dir },
      'items left in the spool by an earlier run will be delivered first',
    );
    if (spool.recovery.unchecked > 0) {
      logger.warn(
        { items: spool.recovery.unchecked, dir: spool.dir },
        'items spooled before records had checksums are delivered as they are, unchecked',
      );
    }
  }
  return { spool, error: null, flushLog };
}
