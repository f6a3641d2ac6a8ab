// Registering a path: its handlers by method, and Burrow's router behaviour for the rest.
// A known path with a method it does not serve answers 405 with an `Allow` header (as
// httprouter does), OPTIONS answers 204 with `Allow`, HEAD answers as GET without a body.
// An empty path segment (`/v3/kafka//consumer`) matches nothing, as in httprouter.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError, sendInvalidRequest } from './envelope.js';

export type Params = Readonly<Record<string, string>>;
export type Handler = (
  request: FastifyRequest,
  reply: FastifyReply,
  params: Params,
) => FastifyReply | Promise<FastifyReply>;

export type Method = 'GET' | 'POST' | 'DELETE';

const EVERY_METHOD = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

export function addPath(
  app: FastifyInstance,
  host: string,
  url: string,
  handlers: Partial<Record<Method, Handler>>,
): void {
  const served = Object.keys(handlers) as Method[];
  const allow = [...served, ...(handlers.GET ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  app.route({
    method: EVERY_METHOD,
    url,
    handler: (request, reply) => {
      const params = (request.params ?? {}) as Params;
      for (const value of Object.values(params)) {
        if (value === '') return sendInvalidRequest(reply);
      }
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const handler = handlers[method as Method];
      if (handler) return handler(request, reply, params);
      if (method === 'OPTIONS') return reply.code(204).header('allow', allow).send();
      reply.header('allow', allow);
      return sendError(reply, host, 405, `method ${request.method} not allowed; allowed: ${allow}`);
    },
  });
}
