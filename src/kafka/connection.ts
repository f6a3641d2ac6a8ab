// From a configured cluster to what kafkajs needs: TLS files read, the SASL secret
// resolved from its variable or file (at start, never logged).
import { readFileSync } from 'node:fs';
import { resolveSecret, secretRef, type ClusterConfig } from '../config/index.js';
import type { ClusterConnection } from './kafka-client.js';
import type { Mutable } from '../contract/mutable.js';

export function connectionFor(
  cluster: ClusterConfig,
  env: NodeJS.ProcessEnv = process.env,
): ClusterConnection {
  const connection: Mutable<ClusterConnection> = {
    name: cluster.name,
    brokers: cluster.brokers,
    clientId: cluster.clientId,
    requestTimeoutMs: cluster.requestTimeoutMs,
    connectionTimeoutMs: cluster.connectionTimeoutMs,
  };
  if (cluster.ssl) {
    const { ca, cert, key, rejectUnauthorized } = cluster.ssl;
    connection.ssl = {
      rejectUnauthorized,
      ...(ca !== undefined && { ca: [readFileSync(ca, 'utf8')] }),
      ...(cert !== undefined && { cert: readFileSync(cert, 'utf8') }),
      ...(key !== undefined && { key: readFileSync(key, 'utf8') }),
    };
  }
  if (cluster.sasl) {
    const ref = secretRef(cluster.sasl, 'password');
    const password = ref ? resolveSecret(ref, env) : '';
    connection.sasl = {
      mechanism: cluster.sasl.mechanism,
      username: cluster.sasl.username,
      password,
    };
  }
  return connection;
}
