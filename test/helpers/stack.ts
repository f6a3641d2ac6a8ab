// The addresses of the real test services, as `scripts/stack up` wrote them.
// A test that needs a server and finds none fails with how to start it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface StackEnv {
  kafkaClusters: Record<string, { brokers: string[]; saslBrokers: string[] }>;
  /** The SASL/PLAIN listener's account on every cluster. */
  kafkaSasl: { mechanism: 'plain'; username: string; password: string };
  kafkaVersion: string;
  elasticsearchUrl: string;
  elasticsearchVersion: string;
  influxdbUrl: string;
  influxdbVersion: string;
  victoriametricsUrl: string;
  victoriametricsVersion: string;
}

const startHint =
  'the test stack is not running: start it with `scripts/stack up` ' +
  '(or run `npm test` / `npm run test:integration`, which start it when it is down)';

function envFilePath(): string {
  const dir = process.env.LAGWATCH_STACK_DIR ?? join(repoRoot, '.stack');
  return join(dir, 'env');
}

export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    values.set(match[1], (match[2] ?? '').replace(/^"(.*)"$/, '$1'));
  }
  return values;
}

let cached: StackEnv | undefined;

export function stackEnv(): StackEnv {
  if (cached) return cached;
  const file = envFilePath();
  if (!existsSync(file)) throw new Error(`${startHint} (no ${file})`);
  const values = parseEnvFile(readFileSync(file, 'utf8'));
  const need = (key: string): string => {
    const value = values.get(key);
    if (!value) throw new Error(`${file} has no ${key}; ${startHint}`);
    return value;
  };
  const kafkaClusters: StackEnv['kafkaClusters'] = {};
  for (const name of need('STACK_KAFKA_CLUSTERS').split(/\s+/)) {
    kafkaClusters[name] = {
      brokers: need(`STACK_KAFKA_${name.toUpperCase()}_BROKERS`).split(','),
      saslBrokers: need(`STACK_KAFKA_${name.toUpperCase()}_SASL_BROKERS`).split(','),
    };
  }
  cached = {
    kafkaClusters,
    kafkaVersion: need('STACK_KAFKA_VERSION'),
    kafkaSasl: {
      mechanism: 'plain',
      username: need('STACK_KAFKA_SASL_USERNAME'),
      password: need('STACK_KAFKA_SASL_PASSWORD'),
    },
    elasticsearchUrl: need('STACK_ELASTICSEARCH_URL'),
    elasticsearchVersion: need('STACK_ELASTICSEARCH_VERSION'),
    influxdbUrl: need('STACK_INFLUXDB_URL'),
    influxdbVersion: need('STACK_INFLUXDB_VERSION'),
    victoriametricsUrl: need('STACK_VICTORIAMETRICS_URL'),
    victoriametricsVersion: need('STACK_VICTORIAMETRICS_VERSION'),
  };
  return cached;
}
