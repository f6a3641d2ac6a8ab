// The status page on the API's own listener: the page at `/`, its bundled files under
// `/ui/`, and the JSON it polls under `/v3/lagwatch/ui/` (lagwatch's extra, beside
// Burrow's `/v3/kafka`). The page and its files hold no data and are served without the
// read token (a browser cannot send a header when it opens a URL); the JSON needs the
// token like every other read, and the page asks for it when it gets a 401.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyInstance } from 'fastify';
import {
  GROUP_STATUS_CODES,
  OVERVIEW_MAX_PAGE_SIZE,
  OVERVIEW_PAGE_SIZE,
  type OverviewQuery,
} from '../contract/status-page.js';
import type { IncidentSource } from '../contract/incident.js';
import type { GroupStatusCode } from '../contract/statuses.js';
import type { ApiContext } from './context.js';
import { JSON_TYPE, sendError } from './envelope.js';
import { addPath } from './paths.js';
import { acceptsGzip, sendsGzip } from './accept-encoding.js';
import { gzipAsset, type UiAsset } from './ui-assets.js';
import { incidentsPage, troubleSince } from './ui-incidents.js';
import { pageCluster, StatusPageModel } from './ui-model.js';

export const UI_PREFIX = '/ui/';
export const OVERVIEW_PATH = '/v3/lagwatch/ui/overview';
export const GROUP_PATH = '/v3/lagwatch/ui/group';
export const INCIDENTS_PATH = '/v3/lagwatch/ui/incidents';

/** Longest name search taken; longer ones are cut (no group name is near it). */
const MAX_SEARCH_LENGTH = 256;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Everything comes from this server; nothing runs inline but styles set by the charts.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

type Query = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';

/** The overview's query from the URL; a string says what is wrong with it. */
export function parseOverviewQuery(query: Query): OverviewQuery | string {
  const statuses: GroupStatusCode[] = [];
  for (const part of text(query.status).split(',')) {
    const code = part.trim().toUpperCase();
    if (code === '') continue;
    const known = GROUP_STATUS_CODES.find((s) => s === code);
    if (!known) return `unknown status ${JSON.stringify(part.slice(0, 40))}`;
    if (!statuses.includes(known)) statuses.push(known);
  }
  const integer = (value: unknown, fallback: number): number | null => {
    const raw = text(value);
    if (raw === '') return fallback;
    return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
  };
  const offset = integer(query.offset, 0);
  const limit = integer(query.limit, OVERVIEW_PAGE_SIZE);
  if (offset === null) return 'offset: expected a whole number';
  if (limit === null || limit < 1 || limit > OVERVIEW_MAX_PAGE_SIZE) {
    return `limit: expected 1 to ${OVERVIEW_MAX_PAGE_SIZE}`;
  }
  const cluster = text(query.cluster);
  return {
    cluster: cluster === '' ? null : cluster,
    statuses,
    search: text(query.q).trim().slice(0, MAX_SEARCH_LENGTH),
    offset,
    limit,
  };
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: UiAsset): FastifyReply {
  reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache', etag: asset.etag });
  reply.header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  reply.type(asset.type);
  if (acceptsGzip(request.headers['accept-encoding'])) {
    return reply.header('content-encoding', 'gzip').send(asset.gzip);
  }
  return reply.send(asset.body);
}

function sendJson(request: FastifyRequest, reply: FastifyReply, value: unknown): FastifyReply {
  const body = Buffer.from(JSON.stringify(value));
  reply.type(JSON_TYPE).header('cache-control', 'no-store').header('vary', 'accept-encoding');
  if (sendsGzip(body.length, request.headers['accept-encoding'])) {
    return reply.header('content-encoding', 'gzip').send(gzipAsset(JSON_TYPE, body).gzip);
  }
  return reply.send(body);
}

export function registerUiRoutes(
  app: FastifyInstance,
  ctx: ApiContext,
  assets: ReadonlyMap<string, UiAsset>,
  /** What the alerts keep; undefined when no notifier is configured. */
  alerts?: IncidentSource,
): void {
  const model = new StatusPageModel(ctx.latest);
  const notBuilt = (reply: FastifyReply): FastifyReply =>
    sendError(reply, ctx.host, 404, 'status page not built: run `npm run build`');

  addPath(app, ctx.host, '/', {
    GET: (request, reply) => {
      const page = assets.get('index.html');
      return page ? sendAsset(request, reply, page) : notBuilt(reply);
    },
  });
  addPath(app, ctx.host, `${UI_PREFIX}:file`, {
    GET: (request, reply, { file = '' }) => {
      const asset = file === 'index.html' ? undefined : assets.get(file);
      if (asset) return sendAsset(request, reply, asset);
      return assets.size === 0 ? notBuilt(reply) : sendError(reply, ctx.host, 404, 'no such file');
    },
  });

  addPath(app, ctx.host, OVERVIEW_PATH, {
    GET: (request, reply) => {
      const query = parseOverviewQuery(request.query as Query);
      if (typeof query === 'string') return sendError(reply, ctx.host, 400, query);
      return sendJson(request, reply, model.overview(query, Date.now()));
    },
  });
  addPath(app, ctx.host, GROUP_PATH, {
    GET: (request, reply) => {
      const query = request.query as Query;
      const page = model.group(text(query.cluster), text(query.group), Date.now());
      if (!page) return sendError(reply, ctx.host, 404, 'cluster or consumer not found');
      const since = troubleSince(alerts, page.group.cluster, page.group.group);
      return sendJson(request, reply, { ...page, troubleSince: since });
    },
  });
  addPath(app, ctx.host, INCIDENTS_PATH, {
    GET: (request, reply) => {
      const { latest, config } = ctx;
      const clusters = latest.clusterNames().map((n) => pageCluster(latest.cluster(n)!));
      const notifiers = config.notifiers.map((n) => ({ name: n.name, type: n.type }));
      return sendJson(request, reply, incidentsPage(alerts, clusters, notifiers, Date.now()));
    },
  });
}
