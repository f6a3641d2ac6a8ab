// A sink's secret, read when the sink is built: a missing one stops lagwatch at start with
// a message naming the sink and where the secret should have been, never its value.
import { ownedSecret } from '../src/contract/secrets.js';
import type { SecretHolder, SecretName } from '../src/contract/secrets.js';

export function sinkSecret<N extends SecretName>(
  sinkName: string,
  holder: SecretHolder<N>,
  name: N,
  env: NodeJS.ProcessEnv,
): string | undefined {
  return ownedSecret(`sink ${sinkName}`, holder, name, env);
}
