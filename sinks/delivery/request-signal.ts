// One request's abort signal: the delivery's (close) or the request timeout, whichever
// comes first; `timedOut` tells which, for the error message.
export interface RequestSignal {
  readonly signal: AbortSignal;
  timedOut(): boolean;
}

export function requestSignal(outer: AbortSignal, timeoutMs: number): RequestSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return {
    signal: AbortSignal.any([outer, timeout]),
    timedOut: () => timeout.aborted && !outer.aborted,
  };
}
