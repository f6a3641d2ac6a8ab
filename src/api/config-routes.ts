// Burrow's /v3/config endpoints: the main config and the module lists and details of its
// five coordinators, in Burrow's shapes (config-modules.ts fills them), secrets masked.
import type { FastifyInstance } from 'fastify';
import {
  consumerModule,
  evaluatorModule,
  mainConfig,
  notifierModule,
  storageModule,
} from './config-modules.js';
import type { ApiContext } from './context.js';
import { sendError, sendOk } from './envelope.js';
import { clusterDetail } from './kafka-routes.js';
import { addPath } from './paths.js';

type Detail = (name: string) => Record<string, unknown> | undefined;

export function registerConfigRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { config, host } = ctx;
  const clusters = config.clusters.filter((c) => ctx.latest.cluster(c.name));

  addPath(app, host, '/v3/config', {
    GET: (_req, reply) => sendOk(reply, host, 'main config returned', mainConfig(config)),
  });

  const coordinator = (kind: string, modules: readonly string[], detail: Detail): void => {
    addPath(app, host, `/v3/config/${kind}`, {
      GET: (_req, reply) =>
        sendOk(reply, host, 'module list returned', { coordinator: kind, modules: [...modules] }),
    });
    addPath(app, host, `/v3/config/${kind}/:name`, {
      GET: (_req, reply, { name = '' }) => {
        const module = detail(name);
        if (!module) return sendError(reply, host, 404, `${kind} module not found`);
        return sendOk(reply, host, `${kind} module detail returned`, { module });
      },
    });
  };

  coordinator('storage', ['default'], (name) =>
    name === 'default' ? storageModule(config) : undefined,
  );
  coordinator('evaluator', ['default'], (name) =>
    name === 'default' ? evaluatorModule(config) : undefined,
  );
  coordinator(
    'consumer',
    clusters.map((c) => c.name),
    (name) => {
      const cluster = clusters.find((c) => c.name === name);
      return cluster && consumerModule(config, cluster);
    },
  );
  coordinator(
    'notifier',
    config.sinks.map((s) => s.name),
    (name) => {
      const sink = config.sinks.find((s) => s.name === name);
      return sink && notifierModule(config, sink);
    },
  );
  addPath(app, host, '/v3/config/cluster', {
    GET: (_req, reply) =>
      sendOk(reply, host, 'module list returned', {
        coordinator: 'cluster',
        modules: clusters.map((c) => c.name).sort(),
      }),
  });
  addPath(app, host, '/v3/config/cluster/:cluster', {
    GET: (_req, reply, params) => clusterDetail(ctx, reply, params),
  });
}
