// The alert receivers of integration tests: the stack's Alertmanager (read back through its
// API v2) and a local HTTP server standing in for a webhook endpoint (what any webhook,
// Slack or PagerDuty URL is to lagwatch: a server that takes a POST). The receiver can be
// switched to answer 503, as a receiver that is down, or (stoppableReceiver) stopped and
// started again on its port, as a receiver that is gone (connection refused).
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import { parseEnvFile, repoRoot } from './stack.js';

const startHint = 'the test stack is not running: start it with `bash scripts/stack up`';

/** Alertmanager's URL and the SMTP server's port and Maildir, from .stack/env. */
export function alertStack(): { alertmanagerUrl: string; smtpPort: number; smtpMailbox: string } {
  const file = join(process.env.LAGWATCH_STACK_DIR ?? join(repoRoot, '.stack'), 'env');
  if (!existsSync(file)) throw new Error(`${startHint} (no ${file})`);
  const values = parseEnvFile(readFileSync(file, 'utf8'));
  const need = (key: string): string => {
    const value = values.get(key);
    if (!value)
      throw new Error(
        `${file} has no ${key}; ${startHint} (a stack without alerts: run scripts/stack down, then up)`,
      );
    return value;
  };
  return {
    alertmanagerUrl: need('STACK_ALERTMANAGER_URL'),
    smtpPort: Number(need('STACK_SMTP_PORT')),
    smtpMailbox: need('STACK_SMTP_MAILBOX'),
  };
}

export interface AlertmanagerAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly status: { readonly state: string };
}

/** Alertmanager's alerts whose labels match `filter` (label -> value). */
export async function alertmanagerAlerts(
  url: string,
  filter: Record<string, string>,
): Promise<AlertmanagerAlert[]> {
  const query = Object.entries(filter)
    .map(([k, v]) => `filter=${encodeURIComponent(`${k}="${v}"`)}`)
    .join('&');
  const response = await fetch(`${url}/api/v2/alerts?${query}`);
  if (!response.ok) throw new Error(`Alertmanager answered ${response.status}`);
  return (await response.json()) as AlertmanagerAlert[];
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every body taken (2xx), in arrival order. */
  readonly received: Record<string, unknown>[];
  /** Requests answered 503 while `down`. */
  refused: number;
  down: boolean;
}

/** A local HTTP server taking JSON POSTs; closed after the file's tests. */
export async function webhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', received: [], refused: 0, down: false };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (receiver.down) {
        receiver.refused += 1;
        response.writeHead(503, { 'retry-after': '1' }).end('down');
        return;
      }
      receiver.received.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  (receiver as { url: string }).url =
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

export interface StoppableReceiver {
  readonly url: string;
  readonly port: number;
  /** Every body taken (2xx), in arrival order, with the time it arrived. */
  readonly received: Record<string, unknown>[];
  readonly receivedAt: number[];
  /** Whether the server listens now. */
  readonly listening: boolean;
  /** Closes the server and every open connection: a connect is refused until `start`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/**
 * A webhook receiver whose server can go away entirely (connection refused, as a receiver
 * that is down or restarting) and come back on the same port; closed after the file's tests.
 */
export async function stoppableReceiver(): Promise<StoppableReceiver> {
  const received: Record<string, unknown>[] = [];
  const receivedAt: number[] = [];
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      receivedAt.push(Date.now());
      response.writeHead(200).end('ok');
    });
  };
  let server: Server | null = null;
  let port = 0;
  const listen = async (): Promise<void> => {
    const next = createServer(handle);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', resolve);
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  const close = async (): Promise<void> => {
    const running = server;
    if (running === null) return;
    server = null;
    await new Promise<void>((resolve) => {
      running.close(() => resolve());
      running.closeAllConnections(); // kept-alive sockets too: nothing answers any more
    });
  };
  await listen();
  after(close);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    receivedAt,
    get listening() {
      return server !== null;
    },
    stop: close,
    start: listen,
  };
}
