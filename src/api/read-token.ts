// An optional bearer token for reads, for teams that expose lagwatch beyond loopback: with
// `api.readTokenEnv`/`api.readTokenFile` configured, every request needs
// `Authorization: Bearer <read token>` (the admin token serves too) or gets 401, except
// the probes (`/healthz`, `/readyz`, `/burrow/admin`, `/burrow/admin/ready`), which a load
// balancer or an orchestrator calls without credentials, and the status page's own files
// (`/` and `/ui/...`: code without data; the data they fetch needs the token). Writes still
// need the admin token.
import type { FastifyInstance } from 'fastify';
import type { ApiConfig } from '../config/index.js';
import { resolveSecret, secretRef } from '../config/index.js';
import { ErrorCode, LagwatchError } from '../contract/errors.js';
import { AdminGuard } from './admin-token.js';
import { requestPath } from './envelope.js';
import { sendError } from './envelope.js';

/** Answered without a token: liveness, readiness and Burrow's own health check. */
export const OPEN_PATHS: ReadonlySet<string> = new Set([
  '/healthz',
  '/readyz',
  '/burrow/admin',
  '/burrow/admin/ready',
]);

/** Whether a path is answered without the read token. */
export function isOpenPath(path: string): boolean {
  return OPEN_PATHS.has(path) || path === '/' || path.startsWith('/ui/');
}

/** The read token's check; reuses the admin token's constant-time comparison. */
export class ReadGuard {
  readonly #token: AdminGuard;

  /** `token`: the read token, or null when reads are open. */
  constructor(token: string | null) {
    this.#token = new AdminGuard(token);
  }

  /** Reads the token the config names; throws LAGWATCH_SECRET_UNAVAILABLE, never its value. */
  static fromConfig(api: ApiConfig, env: NodeJS.ProcessEnv = process.env): ReadGuard {
    const ref = secretRef(api, 'readToken');
    if (ref === undefined) return new ReadGuard(null);
    try {
      return new ReadGuard(resolveSecret(ref, env));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new LagwatchError(ErrorCode.SECRET_UNAVAILABLE, `api read token: ${message}`, {
        cause: error,
      });
    }
  }

  get configured(): boolean {
    return this.#token.configured;
  }

  allows(authorization: string | undefined, admin: AdminGuard): boolean {
    if (!this.configured) return true;
    return (
      this.#token.check(authorization) === 'allowed' || admin.check(authorization) === 'allowed'
    );
  }
}

/** 401 (with `WWW-Authenticate: Bearer`) for a request without the read token. */
export function requireReadToken(
  app: FastifyInstance,
  host: string,
  reader: ReadGuard,
  admin: AdminGuard,
): void {
  if (!reader.configured) return;
  app.addHook('onRequest', (request, reply, done) => {
    if (
      isOpenPath(requestPath(request.url)) ||
      reader.allows(request.headers.authorization, admin)
    ) {
      done();
      return;
    }
    void sendError(
      reply.header('www-authenticate', 'Bearer realm="lagwatch"'),
      host,
      401,
      'unauthorized: reads need the read token as Authorization: Bearer <token>',
    );
  });
}
