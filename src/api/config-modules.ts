// lagwatch's config in the shapes of Burrow's /v3/config answers. Burrow's config is
// organised in modules lagwatch does not have as such; each shape is filled with its
// closest honest equivalent (README.md says which), Go's zero values where lagwatch has
// nothing to say, and lagwatch's own config for the part under an extra `lagwatch` key,
// secrets masked (configToPlain). Durations are seconds, as Burrow's are.
import {
  configToPlain,
  type ClusterConfig,
  type Config,
  type SinkConfig,
} from '../config/index.js';

const seconds = (ms: number): number => Math.round(ms / 1000);

/** Burrow's allowlist is one regex; lagwatch's is a list of them, any of which admits. */
const oneRegex = (patterns: readonly RegExp[]): string =>
  patterns.length === 1 ? patterns[0]!.source : patterns.map((p) => `(?:${p.source})`).join('|');

function plainPart(config: Config, key: 'clusters' | 'sinks', name: string): unknown {
  const list = configToPlain(config)[key] as { name?: unknown }[];
  return list.find((item) => item.name === name) ?? null;
}

export function mainConfig(config: Config): Record<string, unknown> {
  return {
    general: { pidfile: '', 'stdout-logfile': '', 'access-control-allow-origin': '' },
    logging: {
      filename: '',
      'max-size': 0,
      'max-backups': 0,
      'max-age': 0,
      'use-local-time': false,
      'use-compression': false,
      level: config.log.level,
    },
    zookeeper: { servers: [], timeout: 0, 'root-path': '' },
    httpserver: {
      default: {
        address: config.api.listen,
        tls: '',
        timeout: seconds(config.api.requestTimeoutMs),
      },
    },
    lagwatch: configToPlain(config),
  };
}

export function storageModule(config: Config): Record<string, unknown> {
  return {
    'class-name': 'inmemory',
    intervals: config.window.intervals,
    'min-distance': 0,
    'group-allowlist': '',
    'expire-group': seconds(config.window.expireGroupAfterMs),
    'end-offset-history': config.window.endOffsetHistory,
  };
}

export function evaluatorModule(config: Config): Record<string, unknown> {
  return {
    'class-name': 'caching',
    'expire-cache': 0,
    'allowed-lag': config.evaluator.allowedLag,
    'minimum-complete': config.evaluator.minimumComplete,
  };
}

function clientProfile(cluster: ClusterConfig): Record<string, unknown> {
  const { ssl, sasl } = cluster;
  return {
    name: cluster.name,
    'client-id': cluster.clientId,
    'kafka-version': '',
    tls: ssl
      ? {
          name: cluster.name,
          noverify: !ssl.rejectUnauthorized,
          certfile: ssl.cert ?? '',
          keyfile: ssl.key ?? '',
          cafile: ssl.ca ?? '',
        }
      : null,
    sasl: sasl ? { name: cluster.name, 'handshake-first': true, username: sasl.username } : null,
  };
}

export function clusterModule(config: Config, cluster: ClusterConfig): Record<string, unknown> {
  return {
    'class-name': 'kafka',
    servers: [...cluster.brokers],
    'client-profile': clientProfile(cluster),
    'topic-refresh': 0,
    'offset-refresh': 0,
    schedule: config.schedule,
    lagwatch: plainPart(config, 'clusters', cluster.name),
  };
}

/** lagwatch reads committed offsets by polling each cluster: one "consumer" per cluster. */
export function consumerModule(config: Config, cluster: ClusterConfig): Record<string, unknown> {
  return {
    'class-name': 'polling',
    cluster: cluster.name,
    servers: [...cluster.brokers],
    'group-allowlist': oneRegex(cluster.groups.allow),
    'zookeeper-path': '',
    'zookeeper-timeout': 0,
    'client-profile': clientProfile(cluster),
    'offsets-topic': '',
    'start-latest': false,
    'group-denylist': oneRegex(cluster.groups.deny),
    schedule: config.schedule,
  };
}

/** lagwatch has no notifiers; its sinks, where every evaluation goes, stand in for them. */
export function notifierModule(config: Config, sink: SinkConfig): Record<string, unknown> {
  return {
    'class-name': sink.type,
    'group-allowlist': '',
    lagwatch: plainPart(config, 'sinks', sink.name),
  };
}
