// The value types only lagwatch's own config uses (addresses, the schedule); the ones
// sinks share live in src/contract/option-fields.ts. Messages start with "expected".
import { validate, validateDetailed } from 'node-cron';
import { z } from 'zod';
import { expect } from '../contract/option-fields.js';
import { cronRangeProblems } from './cron-ranges.js';

const hostPattern = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/;

/** "kafka-1:9092" -> {host: 'kafka-1', port: 9092}; "[::1]:80" -> {host: '::1', port: 80}. */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (colon <= 0 || !hostPattern.test(host) || !/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port > 65535) return undefined;
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port };
}

export const brokerAddress = z
  .string()
  .refine(
    (text) => (splitHostPort(text)?.port ?? 0) > 0,
    expect('host:port with a port from 1 to 65535'),
  );

export const listenAddress = z
  .string()
  .refine(
    (text) => splitHostPort(text) !== undefined,
    expect('host:port with a port from 0 to 65535'),
  );

/**
 * A node-cron expression; six fields when seconds are given. Steps and ranges must fit
 * their field (node-cron accepts `*\/61` seconds and runs it once a minute).
 */
export const cronExpression = z.string().superRefine((expression, ctx) => {
  const accepted = validate(expression);
  const why = (
    accepted
      ? cronRangeProblems(expression)
      : validateDetailed(expression).errors.map((e) => e.message)
  ).join('; ');
  if (accepted && why === '') return;
  ctx.addIssue({
    code: 'custom',
    message: 'expected a node-cron expression "[second] minute hour day-of-month month weekday"',
    params: { found: `${JSON.stringify(expression)}${why === '' ? '' : ` (${why})`}` },
  });
});
