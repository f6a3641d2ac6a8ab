// Burrow's admin endpoints: `/burrow/admin` (GOOD), `/burrow/admin/ready` (READY once every
// cluster has been sampled, Burrow's "consumer modules started"), and the log level,
// read with GET and changed with POST (admin token needed). The level is the root
// logger's: every child logger (clusters, sinks, requests) follows it.
import type { FastifyInstance } from 'fastify';
import { denyUnlessAdmin } from './admin-token.js';
import type { ApiContext } from './context.js';
import { sendError, sendOk } from './envelope.js';
import { addPath } from './paths.js';

/**
 * Burrow's accepted names (case-insensitive) and pino's level for each. A Map, not an
 * object literal: a lookup must not find `constructor` or `__proto__` on Object.prototype.
 */
const LEVELS: ReadonlyMap<string, string> = new Map([
  ['trace', 'trace'],
  ['debug', 'debug'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['warning', 'warn'],
  ['error', 'error'],
  ['fatal', 'fatal'],
]);

const TEXT = 'text/plain; charset=utf-8';

export function registerAdminRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { host, logger } = ctx;

  addPath(app, host, '/burrow/admin', {
    GET: (_req, reply) => reply.type(TEXT).send('GOOD'),
  });

  addPath(app, host, '/burrow/admin/ready', {
    GET: (_req, reply) => {
      const sampled = ctx.readiness().clusters.every((c) => c.ready);
      return reply
        .code(sampled ? 200 : 503)
        .type(TEXT)
        .send(sampled ? 'READY' : 'STARTING');
    },
  });

  addPath(app, host, '/v3/admin/loglevel', {
    GET: (_req, reply) => sendOk(reply, host, 'log level returned', { level: logger.level }),
    POST: (request, reply) => {
      const denied = denyUnlessAdmin(ctx.admin, host, request, reply);
      if (denied) return denied;
      const level = decodeLevel(request.body);
      if (level === undefined) return sendError(reply, host, 400, 'could not decode message body');
      const pinoLevel = LEVELS.get(level.toLowerCase());
      if (!pinoLevel) return sendError(reply, host, 404, 'unknown log level');
      const previous = logger.level;
      logger.level = pinoLevel;
      logger.warn({ from: previous, to: pinoLevel }, 'log level set through the API');
      return sendOk(reply, host, 'set log level', {});
    },
  });
}

/**
 * The `level` of a JSON body, as Go's decoder fills `{Level string}`: '' when the body is
 * `{}`, `null` or lacks it; undefined when it is not JSON, not an object, or the level is
 * not a string.
 */
function decodeLevel(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (value === null) return '';
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const level = (value as Record<string, unknown>).level;
  if (level === undefined || level === null) return '';
  return typeof level === 'string' ? level : undefined;
}
