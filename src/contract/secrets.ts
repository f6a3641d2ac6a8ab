// Secrets never sit in the config: it names an environment variable (`passwordEnv`) or a
// file (`passwordFile`), and the value is read when it is used. Nothing here logs a value.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ErrorCode, LagwatchError } from './errors.js';

export type SecretName =
  'password' | 'token' | 'apiKey' | 'adminToken' | 'readToken' | 'routingKey' | 'url';

export type SecretRef = { readonly env: string } | { readonly file: string };

/** An object holding `<name>Env` / `<name>File` references, e.g. a cluster's `sasl`. */
export type SecretHolder<N extends SecretName> = {
  readonly [K in `${N}Env` | `${N}File`]?: string | undefined;
};

/** The reference held under `name` (`passwordEnv` -> {env}), or undefined if none. */
export function secretRef<N extends SecretName>(
  holder: SecretHolder<N>,
  name: N,
): SecretRef | undefined {
  const env = holder[`${name}Env`];
  if (env !== undefined) return { env };
  const file = holder[`${name}File`];
  return file === undefined ? undefined : { file };
}

/** A short, value-free description of a reference, for messages: `env KAFKA_PASS`. */
export function describeSecretRef(ref: SecretRef): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `file ${ref.file}`;
}

function unavailable(ref: SecretRef, why: string, cause?: unknown): LagwatchError {
  return new LagwatchError(
    ErrorCode.SECRET_UNAVAILABLE,
    `secret from ${describeSecretRef(ref)}: ${why}`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Reads a secret now. A file's one trailing newline is dropped (as `echo x > file` adds
 * one). Throws LAGWATCH_SECRET_UNAVAILABLE when the variable is unset or empty, or the
 * file cannot be read or is empty; the message names the source, never the value.
 */
export function resolveSecret(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined) throw unavailable(ref, 'the variable is not set');
    if (value === '') throw unavailable(ref, 'the variable is empty');
    return value;
  }
  let text: string;
  try {
    text = readFileSync(ref.file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw unavailable(ref, `cannot read the file (${code})`, err);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw unavailable(ref, 'the file is empty');
  return value;
}

/**
 * The secret `name` of `holder` (a sink's, a notifier's), read now; undefined when the holder
 * names none. A missing one throws LAGWATCH_SECRET_UNAVAILABLE prefixed with `owner` ("sink
 * influx"), so the message says whose secret it was and where it should have been.
 */
export function ownedSecret<N extends SecretName>(
  owner: string,
  holder: SecretHolder<N>,
  name: N,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const ref = secretRef(holder, name);
  if (ref === undefined) return undefined;
  try {
    return resolveSecret(ref, env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new LagwatchError(ErrorCode.SECRET_UNAVAILABLE, `${owner}: ${message}`, {
      cause: error,
    });
  }
}

/**
 * Checks the `<name>Env` / `<name>File` pair of an object: never both; exactly one when
 * `required`. Issues go on the pair's keys so messages name them.
 */
export function checkSecretPair(
  holder: Record<string, unknown>,
  name: SecretName,
  required: boolean,
  ctx: z.core.$RefinementCtx,
): void {
  const envKey = `${name}Env`;
  const fileKey = `${name}File`;
  const hasEnv = holder[envKey] !== undefined;
  const hasFile = holder[fileKey] !== undefined;
  if (hasEnv && hasFile) {
    ctx.addIssue({
      code: 'custom',
      path: [fileKey],
      message: `expected only one of ${envKey} and ${fileKey}`,
      params: { found: 'both' },
    });
  } else if (required && !hasEnv && !hasFile) {
    ctx.addIssue({
      code: 'custom',
      path: [envKey],
      message: `expected ${envKey} (an environment variable's name) or ${fileKey} (a file's path)`,
      params: { found: 'neither', missingSecret: name },
    });
  }
}
