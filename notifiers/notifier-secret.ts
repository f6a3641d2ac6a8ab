// A notifier's secret (a token, a routing key, a Slack webhook URL, an SMTP password), read
// when the notifier is built: a missing one stops lagwatch at start with a message naming
// the notifier and where the secret should have been, never its value.
import { ownedSecret } from '../src/contract/secrets.js';
import type { SecretHolder, SecretName } from '../src/contract/secrets.js';

export function notifierSecret<N extends SecretName>(
  notifierName: string,
  holder: SecretHolder<N>,
  name: N,
  env: NodeJS.ProcessEnv,
): string | undefined {
  return ownedSecret(`notifier ${notifierName}`, holder, name, env);
}
