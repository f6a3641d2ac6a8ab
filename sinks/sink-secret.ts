// A sink's secret, read when the sink is built: a missing one stops lagwatch at start with
// a message naming the sink and where the secret should have been, never its value.
import { ErrorCode, LagwatchError } from '../src/contract/errors.js';
import { resolveSecret, secretRef } from '../src/contract/secrets.js';
import type { SecretHolder, SecretName } from '../src/contract/secrets.js';

export function sinkSecret<N extends SecretName>(
  sinkName: string,
  holder: SecretHolder<N>,
  name: N,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const ref = secretRef(holder, name);
  if (ref === undefined) return undefined;
  try {
    return resolveSecret(ref, env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new LagwatchError(ErrorCode.SECRET_UNAVAILABLE, `sink ${sinkName}: ${message}`, {
      cause: error,
    });
  }
}
