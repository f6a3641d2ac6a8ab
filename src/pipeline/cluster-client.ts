// What the service asks of a cluster's client: the sampler's requests, and a way to let go
// of the connections at stop. The factory is injected (tests hand in a double); the real
// one, over the Kafka protocol, is kafkaClients(env).
import type { ClusterConfig } from '../config/index.js';
import type { Logger } from '../contract/logger.js';
import { connectionFor } from '../kafka/connection.js';
import { createKafka } from '../kafka/kafka-client.js';
import { ProtocolClient } from '../kafka/protocol-client.js';
import type { SamplerClient } from '../kafka/sampler.js';

export interface ClusterClient extends SamplerClient {
  disconnect(): Promise<void>;
}

/** Builds one cluster's client; may read the cluster's secrets (check them first). */
export type ClusterClientFactory = (cluster: ClusterConfig, logger: Logger) => ClusterClient;

/** The real clients: kafkajs's connection, lagwatch's protocol requests; SASL secrets from `env`. */
export function kafkaClients(env: NodeJS.ProcessEnv = process.env): ClusterClientFactory {
  return (cluster, logger) =>
    new ProtocolClient(createKafka(connectionFor(cluster, env), logger), { logger });
}
