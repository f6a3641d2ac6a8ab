// `once` as the composition root builds it: the service alone (no sinks, no API), every
// tick fired one time, the clients let go. Returns each cluster's report with its
// snapshot; writes nothing and picks no exit code.
import type { Config, ConfigIssue } from '../config/index.js';
import type { Logger } from '../contract/logger.js';
import type { EvaluationReport } from '../contract/report.js';
import type { ClusterSnapshot } from '../contract/snapshot.js';
import { kafkaClients, type ClusterClientFactory } from '../pipeline/cluster-client.js';
import { LagwatchService } from '../pipeline/service.js';
import { saslSecretIssues } from './secret-issues.js';

export interface OnceDeps {
  readonly logger: Logger;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly clientFor?: ClusterClientFactory | undefined;
  readonly now?: (() => number) | undefined;
  /** Only these clusters (by name); all when absent. */
  readonly clusters?: readonly string[] | undefined;
}

export interface SampledCluster {
  readonly report: EvaluationReport;
  readonly snapshot: ClusterSnapshot;
}

export type OnceResult =
  | { readonly kind: 'sampled'; readonly clusters: readonly SampledCluster[] }
  | { readonly kind: 'config-invalid'; readonly issues: readonly ConfigIssue[] };

export async function sampleOnce(config: Config, deps: OnceDeps): Promise<OnceResult> {
  const env = deps.env ?? process.env;
  const issues = saslSecretIssues(config, env);
  if (issues.length > 0) return { kind: 'config-invalid', issues };
  const clusters: SampledCluster[] = [];
  const service = new LagwatchService({
    config,
    logger: deps.logger,
    clusters: deps.clusters,
    clientFor: deps.clientFor ?? kafkaClients(env),
    now: deps.now,
    onReport: (report, snapshot) => {
      clusters.push({ report, snapshot });
    },
  });
  try {
    await service.tickAll();
  } finally {
    await service.stop();
  }
  return { kind: 'sampled', clusters };
}
