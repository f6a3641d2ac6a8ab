// The addresses of the real test services, as `scripts/stack up` wrote them.
// A test that needs a server and finds none fails with how to start it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The secured Kafka listeners (TLS, SCRAM, mutual TLS) of one cluster of the stack. */
export interface SecuredKafka {
  cluster: string;
  /** SASL_SSL: SCRAM-SHA-256 and SCRAM-SHA-512 over TLS; certificate for 127.0.0.1/localhost. */
  saslSslBrokers: string[];
  /** TLS that requires a client certificate signed by `caFile`. */
  mtlsBrokers: string[];
  /** TLS whose certificate (same CA) does not name 127.0.0.1. */
  wrongNameBrokers: string[];
  caFile: string;
  /** A CA that signed nothing the broker presents. */
  otherCaFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  scram: Record<'scram-sha-256' | 'scram-sha-512', { username: string; password: string }>;
}

export interface StackEnv {
  /** The stack's folder (.stack): run data, pids, logs. */
  stackDir: string;
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

/** The env file's values, and a reader that fails saying how to start the stack. */
function envValues(): (key: string) => string {
  const file = envFilePath();
  if (!existsSync(file)) throw new Error(`${startHint} (no ${file})`);
  const values = parseEnvFile(readFileSync(file, 'utf8'));
  return (key: string): string => {
    const value = values.get(key);
    if (!value) throw new Error(`${file} has no ${key}; ${startHint}`);
    return value;
  };
}

/** The secured listeners, users and TLS files of the stack (tests of TLS, SCRAM, mTLS). */
export function securedKafkaEnv(): SecuredKafka {
  const need = envValues();
  const secured = need('STACK_KAFKA_SECURED_CLUSTER');
  const securedKey = `STACK_KAFKA_${secured.toUpperCase()}`;
  const scramUser = (mechanism: string): { username: string; password: string } => ({
    username: need(`STACK_KAFKA_${mechanism}_USERNAME`),
    password: need(`STACK_KAFKA_${mechanism}_PASSWORD`),
  });
  return {
    cluster: secured,
    saslSslBrokers: need(`${securedKey}_SASL_SSL_BROKERS`).split(','),
    mtlsBrokers: need(`${securedKey}_MTLS_BROKERS`).split(','),
    wrongNameBrokers: need(`${securedKey}_WRONG_NAME_BROKERS`).split(','),
    caFile: need('STACK_KAFKA_TLS_CA'),
    otherCaFile: need('STACK_KAFKA_TLS_OTHER_CA'),
    clientCertFile: need('STACK_KAFKA_TLS_CLIENT_CERT'),
    clientKeyFile: need('STACK_KAFKA_TLS_CLIENT_KEY'),
    scram: {
      'scram-sha-256': scramUser('SCRAM_SHA_256'),
      'scram-sha-512': scramUser('SCRAM_SHA_512'),
    },
  };
}

export function stackEnv(): StackEnv {
  if (cached) return cached;
  const need = envValues();
  const kafkaClusters: StackEnv['kafkaClusters'] = {};
  for (const name of need('STACK_KAFKA_CLUSTERS').split(/\s+/)) {
    kafkaClusters[name] = {
      brokers: need(`STACK_KAFKA_${name.toUpperCase()}_BROKERS`).split(','),
      saslBrokers: need(`STACK_KAFKA_${name.toUpperCase()}_SASL_BROKERS`).split(','),
    };
  }
  cached = {
    stackDir: need('STACK_DIR'),
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

/** The stack's older Kafka cluster (`old`, the 3.x line): protocol fallback tests. */
export function olderKafkaEnv(): { cluster: 'old'; brokers: string[]; version: string } {
  const need = envValues();
  return {
    cluster: 'old',
    brokers: need('STACK_KAFKA_OLD_BROKERS').split(','),
    version: need('STACK_KAFKA_OLD_VERSION'),
  };
}

/** The stack's three-broker Kafka cluster (`multi`). */
export function multiBrokerKafkaEnv(): { cluster: 'multi'; brokers: string[] } {
  return { cluster: 'multi', brokers: envValues()('STACK_KAFKA_MULTI_BROKERS').split(',') };
}
