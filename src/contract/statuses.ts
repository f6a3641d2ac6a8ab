// The status words lagwatch shares with Burrow, and their order of severity.
// The numbers are Burrow's own (its Prometheus gauges and notifier thresholds use them).

export type PartitionStatusCode = 'OK' | 'WARN' | 'STOP' | 'STALL' | 'REWIND';
export type GroupStatusCode = 'NOTFOUND' | 'OK' | 'WARN' | 'ERR';
export type StatusCode = PartitionStatusCode | GroupStatusCode;

/** Burrow's numeric enum: NOTFOUND 0 < OK 1 < WARN 2 < ERR 3 < STOP 4 < STALL 5 < REWIND 6. */
export const statusNumber: Readonly<Record<StatusCode, number>> = Object.freeze({
  NOTFOUND: 0,
  OK: 1,
  WARN: 2,
  ERR: 3,
  STOP: 4,
  STALL: 5,
  REWIND: 6,
});

/**
 * What a partition status means for its group: a group is only OK, WARN or ERR,
 * so STOP, STALL and REWIND all count as ERR.
 */
export function groupStatusFor(status: PartitionStatusCode): GroupStatusCode {
  switch (status) {
    case 'OK':
      return 'OK';
    case 'WARN':
      return 'WARN';
    default:
      return 'ERR';
  }
}
