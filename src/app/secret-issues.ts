// Secrets the clusters name, checked before anything starts: a SASL password whose
// variable is unset or empty, or whose file is missing, a directory or empty, is a config
// problem naming the key (`clusters[0].sasl.passwordEnv`), what was expected and what was
// found, never the value. `check-config`, `run` and `once` all report it and exit 2.
import { readFileSync } from 'node:fs';
import type { Config, ConfigIssue } from '../config/index.js';

const readableFile = 'a readable, non-empty file holding the SASL password';
const setVariable = 'the name of a set, non-empty environment variable holding the SASL password';

function fileProblem(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `no such file (${file})`;
    if (code === 'EISDIR') return `a directory (${file})`;
    return `a file that cannot be read (${file}: ${code ?? 'error'})`;
  }
  // As resolveSecret: one trailing newline is not part of the secret.
  return text.replace(/\r?\n$/, '') === '' ? `an empty file (${file})` : null;
}

/** One issue per cluster whose SASL password cannot be read now. */
export function saslSecretIssues(config: Config, env: NodeJS.ProcessEnv): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  config.clusters.forEach((cluster, i) => {
    const sasl = cluster.sasl;
    if (!sasl) return;
    if (sasl.passwordEnv !== undefined) {
      const value = env[sasl.passwordEnv];
      if (value === undefined || value === '') {
        issues.push({
          path: `clusters[${i}].sasl.passwordEnv`,
          expected: setVariable,
          found: `${sasl.passwordEnv} ${value === undefined ? 'not set' : 'empty'}`,
        });
      }
    } else if (sasl.passwordFile !== undefined) {
      const problem = fileProblem(sasl.passwordFile);
      if (problem !== null) {
        issues.push({
          path: `clusters[${i}].sasl.passwordFile`,
          expected: readableFile,
          found: problem,
        });
      }
    }
  });
  return issues;
}
