// Burrow's /v3/kafka endpoints: clusters, topics, consumers, a group's detail, status and
// lag, and the DELETEs; plus lagwatch's `GET /v3/kafka/(cluster)/status` (every group's
// status in one call). Paths, messages, codes and keys are Burrow's; see README.md.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { denyUnlessAdmin } from './admin-token.js';
import { clusterModule } from './config-modules.js';
import { consumerTopics } from './consumer-detail.js';
import type { ApiContext } from './context.js';
import { KeptOkBody, sendError, sendOk } from './envelope.js';
import { addPath, type Params } from './paths.js';
import { parseStatusFilter } from './status-filter.js';
import { notFoundView, statusView } from './status-view.js';

export function registerKafkaRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { latest, host } = ctx;
  const path = (url: string, handlers: Parameters<typeof addPath>[3]): void =>
    addPath(app, host, url, handlers);

  path('/v3/kafka', {
    GET: (_req, reply) =>
      sendOk(reply, host, 'cluster list returned', { clusters: latest.clusterNames() }),
  });

  path('/v3/kafka/:cluster', { GET: (_req, reply, params) => clusterDetail(ctx, reply, params) });

  path('/v3/kafka/:cluster/status', {
    GET: (request, reply, { cluster = '' }) => {
      const view = latest.cluster(cluster);
      if (!view) return sendError(reply, host, 404, 'cluster not found');
      const filter = parseStatusFilter((request.query as Record<string, unknown>).status);
      if (typeof filter === 'string') return sendError(reply, host, 400, filter);
      const statuses = [];
      for (const name of view.groupNames()) {
        const status = view.groups.get(name)!;
        if (filter === null || filter.has(status.status)) statuses.push(statusView(status, false));
      }
      return sendOk(reply, host, 'consumer statuses returned', {
        statuses,
        takenAt: view.lastGood?.report.takenAt ?? null,
      });
    },
  });

  path('/v3/kafka/:cluster/topic', {
    GET: (_req, reply, { cluster = '' }) => {
      const view = latest.cluster(cluster);
      if (!view) return sendError(reply, host, 404, 'cluster not found');
      return sendOk(reply, host, 'topic list returned', { topics: view.topicNames() });
    },
  });

  path('/v3/kafka/:cluster/topic/:topic', {
    GET: (_req, reply, { cluster = '', topic = '' }) => {
      const partitions = latest.cluster(cluster)?.topic(topic);
      if (!partitions) return sendError(reply, host, 404, 'cluster or topic not found');
      // Partitions whose log end is unknown are left out, as Burrow leaves them out.
      const offsets: number[] = [];
      for (const p of partitions) if (p.logEndOffset !== null) offsets.push(p.logEndOffset);
      return sendOk(reply, host, 'topic offsets returned', { offsets });
    },
  });

  path('/v3/kafka/:cluster/topic/:topic/consumers', {
    GET: (_req, reply, { cluster = '', topic = '' }) => {
      const view = latest.cluster(cluster);
      if (!view) return sendError(reply, host, 404, 'cluster not found');
      return sendOk(reply, host, 'consumers of topic returned', {
        consumers: view.consumersOf(topic),
      });
    },
  });

  // Each cluster's group list body as bytes, kept while the read model's JSON of it stays
  // the same (only clusters the read model knows get an entry: bounded by the config).
  const groupListBodies = new Map<string, KeptOkBody>();
  path('/v3/kafka/:cluster/consumer', {
    GET: (_req, reply, { cluster = '' }) => {
      const view = latest.cluster(cluster);
      if (!view) return sendError(reply, host, 404, 'cluster not found');
      let body = groupListBodies.get(cluster);
      if (body === undefined)
        groupListBodies.set(
          cluster,
          (body = new KeptOkBody('consumer list returned', 'consumers')),
        );
      return body.send(reply, host, view.groupNamesJson());
    },
  });

  path('/v3/kafka/:cluster/consumer/:group', {
    GET: (_req, reply, { cluster = '', group = '' }) => {
      const window = latest.groupWindow(cluster, group);
      if (!window) return sendError(reply, host, 404, 'cluster or consumer not found');
      const view = latest.cluster(cluster);
      const topics = consumerTopics(window, latest.intervals, (t) => view?.topic(t)?.length ?? 0);
      return sendOk(reply, host, 'consumer detail returned', { topics });
    },
    DELETE: (request, reply, { cluster = '', group = '' }) => {
      const denied = denyUnlessAdmin(ctx.admin, host, request, reply);
      if (denied) return denied;
      ctx.deletes.deleteGroup(cluster, group);
      request.log.info({ cluster, group }, 'consumer group removed');
      return sendOk(reply, host, 'consumer group removed', {});
    },
  });

  const status =
    (everyPartition: boolean) =>
    (_req: unknown, reply: FastifyReply, { cluster = '', group = '' }: Params) => {
      const found = latest.cluster(cluster)?.groups.get(group);
      return found
        ? sendOk(reply, host, 'consumer status returned', {
            status: statusView(found, everyPartition),
          })
        : sendOk(
            reply,
            host,
            'consumer status returned',
            { status: notFoundView(cluster, group) },
            404,
          );
    };
  path('/v3/kafka/:cluster/consumer/:group/status', { GET: status(false) });
  path('/v3/kafka/:cluster/consumer/:group/lag', { GET: status(true) });

  path('/v3/kafka/:cluster/consumer/:group/topic/:topic', {
    DELETE: (request, reply, { cluster = '', group = '', topic = '' }) => {
      const denied = denyUnlessAdmin(ctx.admin, host, request, reply);
      if (denied) return denied;
      ctx.deletes.deleteGroupTopic(cluster, group, topic);
      request.log.info({ cluster, group, topic }, "consumer group's topic removed");
      return sendOk(reply, host, 'consumer group removed', {});
    },
  });
}

/** `GET /v3/kafka/(cluster)` and `/v3/config/cluster/(cluster)`: the cluster's config. */
export function clusterDetail(ctx: ApiContext, reply: FastifyReply, params: Params): FastifyReply {
  const cluster = ctx.config.clusters.find((c) => c.name === params.cluster);
  if (!cluster || !ctx.latest.cluster(cluster.name))
    return sendError(reply, ctx.host, 404, 'cluster module not found');
  return sendOk(reply, ctx.host, 'cluster module detail returned', {
    module: clusterModule(ctx.config, cluster),
  });
}
