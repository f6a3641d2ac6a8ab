// Who may change things: DELETE and POST /v3/admin/loglevel need the admin token, sent as
// `Authorization: Bearer <token>`. With no token configured nobody may (Burrow has no
// auth at all; lagwatch is read-only unless an operator opts in). Tokens are compared in
// constant time, as digests, so neither their content nor their length leaks.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiConfig } from '../config/index.js';
import { resolveSecret, secretRef } from '../config/index.js';
import { ErrorCode, LagwatchError } from '../contract/errors.js';
import { sendError } from './envelope.js';

export type AdminVerdict = 'allowed' | 'no-token-configured' | 'wrong-token';

export class AdminGuard {
  readonly #digest: Buffer | null;

  /** `token`: the admin token, or null when none is configured. */
  constructor(token: string | null) {
    this.#digest = token === null ? null : digest(token);
  }

  /**
   * Reads the token the config names (env or file). Throws LAGWATCH_SECRET_UNAVAILABLE
   * naming `api` and where the token should have been, never its value.
   */
  static fromConfig(api: ApiConfig, env: NodeJS.ProcessEnv = process.env): AdminGuard {
    const ref = secretRef(api, 'adminToken');
    if (ref === undefined) return new AdminGuard(null);
    try {
      return new AdminGuard(resolveSecret(ref, env));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new LagwatchError(ErrorCode.SECRET_UNAVAILABLE, `api admin token: ${message}`, {
        cause: error,
      });
    }
  }

  get configured(): boolean {
    return this.#digest !== null;
  }

  check(authorization: string | undefined): AdminVerdict {
    if (this.#digest === null) return 'no-token-configured';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    if (!match?.[1]) return 'wrong-token';
    return timingSafeEqual(digest(match[1]), this.#digest) ? 'allowed' : 'wrong-token';
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

const denials: Record<Exclude<AdminVerdict, 'allowed'>, string> = {
  'no-token-configured':
    'forbidden: changes need an admin token, and none is configured (api.adminTokenEnv or api.adminTokenFile)',
  'wrong-token': 'forbidden: changes need the admin token as Authorization: Bearer <token>',
};

/** Sends 403 and returns the reply unless the request carries the admin token; else null. */
export function denyUnlessAdmin(
  guard: AdminGuard,
  host: string,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | null {
  const verdict = guard.check(request.headers.authorization);
  if (verdict === 'allowed') return null;
  request.log.warn({ verdict, method: request.method, url: request.url }, 'admin request refused');
  return sendError(reply, host, 403, denials[verdict]);
}
