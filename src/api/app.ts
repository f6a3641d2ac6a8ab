// The HTTP API as a Fastify app, built apart from listen() so tests can inject() requests.
// Bad input never reaches a handler as a crash: unknown paths answer Burrow's 404 body,
// wrong methods 405, malformed or huge URLs and bodies a 4xx, always JSON; only a bug
// answers 500 (and is logged). Requests are logged at debug through the `api` child logger.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Readable } from 'node:stream';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { SinkHealth } from '../contract/sink.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../contract/logger.js';
import type { GroupDeletes } from '../pipeline/group-deletes.js';
import type { LatestState } from '../pipeline/latest.js';
import { registerAdminRoutes } from './admin-routes.js';
import type { AdminGuard } from './admin-token.js';
import { registerConfigRoutes } from './config-routes.js';
import { answerEveryConnection } from './connection-answers.js';
import type { ApiContext } from './context.js';
import { sendError, sendInvalidRequest } from './envelope.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerIncidentRoutes } from './incident-routes.js';
import { registerKafkaRoutes } from './kafka-routes.js';
import { acceptsGzip } from './accept-encoding.js';
import { createMetrics, type ApiMetrics, type TickStats } from './metrics.js';
import type { StateMetricsCacheOptions } from './metrics-cache.js';
import { renderBeforeListening } from './first-rendering.js';
import type { NotifierMetricsSource } from './notifier-metrics.js';
import { addPath } from './paths.js';
import { readiness } from './readiness.js';
import { ReadGuard, requireReadToken } from './read-token.js';
import { defaultUiDir, loadUiAssets } from './ui-assets.js';
import { registerUiRoutes } from './ui-routes.js';

export interface ApiOptions {
  /** The read model every GET answers from. */
  readonly latest: LatestState;
  /** Where DELETE /v3/kafka/.../consumer/... goes (StoreGroupDeletes). */
  readonly deletes: GroupDeletes;
  readonly config: Config;
  /** Each cluster's tick counters (LagwatchService.ticks). */
  readonly ticks: readonly TickStats[];
  /** Every sink's health now (SinkFanout.health). */
  readonly sinkHealth: () => readonly SinkHealth[];
  /** The root logger: requests log through a child; the loglevel endpoint sets its level. */
  readonly logger: Logger;
  readonly admin: AdminGuard;
  /** The read token's guard; default: read from `api.readTokenEnv`/`readTokenFile` now. */
  readonly reader?: ReadGuard | undefined;
  /** `request.host` in every body; default: this machine's name. */
  readonly host?: string | undefined;
  /** The alerts (incidents, notifiers' health), when any notifier is configured. */
  readonly alerts?: NotifierMetricsSource | undefined;
  /** Node's process metrics (process_*, nodejs_*) on /metrics too. Default false. */
  readonly defaultMetrics?: boolean | undefined;
  /** How /metrics renders ahead of the scrapes (metrics-cache.ts); default its constants. */
  readonly metricsCache?: StateMetricsCacheOptions | undefined;
  /** The status page's bundle (`dist/ui/`); default: found beside the server; null: none. */
  readonly uiDir?: string | null | undefined;
}

/** Longer request targets answer 414: no real path comes near it. */
export const MAX_URL_LENGTH = 8192;
/** Only POST /v3/admin/loglevel reads a body, and it is a few bytes. */
export const BODY_LIMIT = 64 * 1024;
/** Longest path segment (a group or topic name) that is routed at all. */
const MAX_PARAM_LENGTH = 4096;

export function buildApi(options: ApiOptions): FastifyInstance {
  const host = options.host ?? hostname();
  const timeoutMs = options.config.api.requestTimeoutMs;
  // Typed as Fastify's base logger so the app is a plain FastifyInstance to its routes.
  const apiLogger: FastifyBaseLogger = options.logger.child({ component: 'api' });
  const tls = options.config.api.tls;
  const app = Fastify({
    // HTTPS when api.tls names a certificate and key (read once, at start).
    ...(tls === undefined
      ? {}
      : { https: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } }),
    loggerInstance: apiLogger,
    // Every request is logged once, by the onResponse hook below, at debug.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    exposeHeadRoutes: false,
    bodyLimit: BODY_LIMIT,
    // A client slower than this (sending its request, or idle on its socket) is cut off.
    requestTimeout: timeoutMs,
    connectionTimeout: timeoutMs,
    keepAliveTimeout: timeoutMs,
    http: {
      requestTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      connectionsCheckingInterval: Math.min(1000, timeoutMs),
    },
    forceCloseConnections: 'idle',
    frameworkErrors: (error, _request, reply) => {
      // Malformed percent-encoding, a path segment over MAX_PARAM_LENGTH, ...
      const code =
        error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
      void sendError(reply, host, code, `bad request: ${error.message.slice(0, 200)}`);
    },
  });

  answerEveryConnection(app.server, host);
  requireReadToken(
    app,
    host,
    options.reader ?? ReadGuard.fromConfig(options.config.api),
    options.admin,
  );

  // Burrow reads the loglevel body whatever its Content-Type (curl -d sends a form type).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.length > MAX_URL_LENGTH) {
      void sendError(reply, host, 414, `request target longer than ${MAX_URL_LENGTH} bytes`);
      return;
    }
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const fields = {
      method: request.method,
      url: request.url.slice(0, 512),
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (reply.statusCode >= 500) request.log.error(fields, 'request failed');
    else request.log.debug(fields, 'request');
    done();
  });
  app.setNotFoundHandler((_request, reply) => sendInvalidRequest(reply));
  app.setErrorHandler((error, request, reply) => {
    const code = (error as { statusCode?: unknown }).statusCode;
    if (typeof code === 'number' && code >= 400 && code < 500) {
      return sendError(reply, host, code, (error as Error).message.slice(0, 200));
    }
    request.log.error({ err: error }, 'request handler failed');
    return sendError(reply, host, 500, 'internal error');
  });

  const metrics = createMetrics(options, {
    defaultMetrics: options.defaultMetrics === true,
    cache: options.metricsCache,
  });
  // Before listening (and so before the service's first tick): first-rendering.ts.
  app.addHook('onReady', async () => {
    await renderBeforeListening(metrics, options.logger.child({ component: 'metrics' }));
  });
  app.addHook('onClose', (_app, done) => {
    metrics.close();
    done();
  });
  const ctx: ApiContext = {
    latest: options.latest,
    deletes: deletesSeenBy(options.deletes, metrics),
    config: options.config,
    host,
    logger: options.logger,
    admin: options.admin,
    readiness: () => readiness(options.latest, options.sinkHealth()),
  };
  registerKafkaRoutes(app, ctx);
  registerIncidentRoutes(app, host, options.latest, options.alerts?.alerts);
  registerConfigRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerHealthRoutes(app, ctx);
  registerUiRoutes(
    app,
    ctx,
    loadUiAssets(options.uiDir === undefined ? defaultUiDir() : options.uiDir),
    options.alerts?.alerts,
  );

  addPath(app, host, '/metrics', {
    GET: async (request, reply) => {
      reply.type(metrics.contentType).header('vary', 'Accept-Encoding');
      if (!acceptsGzip(request.headers['accept-encoding']))
        return reply.send(await metrics.plain());
      const gzip = await metrics.gzip();
      return reply
        .header('content-encoding', 'gzip')
        .header(
          'content-length',
          gzip.reduce((n, b) => n + b.length, 0),
        )
        .send(Readable.from(gzip));
    },
  });
  return app;
}

/** The DELETEs, each told to /metrics once applied (so that no later scrape shows what it removed). */
function deletesSeenBy(deletes: GroupDeletes, metrics: ApiMetrics): GroupDeletes {
  return {
    deleteGroup(cluster, group) {
      try {
        deletes.deleteGroup(cluster, group);
      } finally {
        metrics.deleted();
      }
    },
    deleteGroupTopic(cluster, group, topic) {
      try {
        deletes.deleteGroupTopic(cluster, group, topic);
      } finally {
        metrics.deleted();
      }
    },
  };
}
