// `/healthz`: the process is up and answering. `/readyz`: every cluster sampled once and
// every sink healthy or spooling (503 otherwise), with what is not ready named.
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './context.js';
import { JSON_TYPE } from './envelope.js';
import { addPath } from './paths.js';

export function registerHealthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const started = Date.now();
  addPath(app, ctx.host, '/healthz', {
    GET: (_req, reply) =>
      reply
        .type(JSON_TYPE)
        .send({ status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) }),
  });
  addPath(app, ctx.host, '/readyz', {
    GET: (_req, reply) => {
      const state = ctx.readiness();
      return reply
        .code(state.ready ? 200 : 503)
        .type(JSON_TYPE)
        .send(state);
    },
  });
}
