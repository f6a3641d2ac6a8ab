// The alert receivers of integration tests: the stack's Alertmanager (read back through its
// API v2) and a local HTTP server standing in for a webhook endpoint (what any webhook,
// Slack or PagerDuty URL is to lagwatch: a server that takes a POST). The receiver can be
// switched to answer 503, as a receiver that is down, or (stoppableReceiver) stopped and
// started again on its port, as a receiver that is gone (connection refused). `httpReceiver`
// records every request with its arrival time and content type; `maildirMails` reads what
// the SMTP server got.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
  readonly generatorURL?: string;
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

export interface ReceivedRequest {
  /** When the whole request had arrived (ms since the epoch). */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

export interface HttpReceiver {
  readonly url: string;
  /** Every request, in arrival order, answered 200. */
  readonly requests: ReceivedRequest[];
}

/**
 * A local HTTP server that answers 200 to every JSON request and records it with its
 * arrival time, method, path and content type: what a Slack incoming webhook or PagerDuty's
 * Events API sees of lagwatch, so tests can check the documented fields and when they came.
 * Closed after the file's tests.
 */
export async function httpReceiver(path = '/'): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({
        at: Date.now(),
        method: request.method ?? '',
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body: parsedJson(body),
      });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${path}`, requests };
}

/** A body as JSON; one that is not JSON is kept as `{ notJson: text }`, for the assertion. */
function parsedJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { notJson: text };
  }
}

export interface ReceivedMail {
  /** When the SMTP server wrote it (the file's mtime, ms since the epoch). */
  readonly at: number;
  /** Header names in lower case, values unfolded. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/**
 * The mails in a Maildir's `new/` (where the stack's SMTP server delivers), oldest first,
 * leaving out the files named in `skip` (what was there before a test began).
 */
export function maildirMails(
  mailbox: string,
  skip: ReadonlySet<string> = new Set(),
): ReceivedMail[] {
  const dir = join(mailbox, 'new');
  return readdirSync(dir)
    .filter((file) => !skip.has(file))
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n');
      const split = text.indexOf('\n\n');
      const head = (split < 0 ? text : text.slice(0, split)).replace(/\n[ \t]+/g, ' ');
      const headers = new Map<string, string>();
      for (const line of head.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0)
          headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
      }
      const body = split < 0 ? '' : text.slice(split + 2);
      return { at: statSync(join(dir, file)).mtimeMs, headers, body };
    })
    .sort((a, b) => a.at - b.at);
}

export interface AlertmanagerWatch {
  /** The first active alert seen with label `group`. */
  firstActive(group: string): AlertmanagerAlert | undefined;
  /** When the alert of `group` was first seen active, and first seen gone after that (ms). */
  activeSpan(group: string): { open?: number; close?: number };
  /** Looks that failed (Alertmanager did not answer). */
  readonly errors: string[];
  stop(): Promise<void>;
}

/**
 * Looks at Alertmanager's alerts matching `filter` every `everyMs` until stopped, keeping each
 * answer with the time it came, so a test can tell when an alert turned active and when it
 * was resolved (a resolved alert leaves `GET /api/v2/alerts`).
 */
export function watchAlertmanager(
  url: string,
  filter: Record<string, string>,
  everyMs = 250,
): AlertmanagerWatch {
  const looks: { at: number; alerts: AlertmanagerAlert[] }[] = [];
  const errors: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const alerts = await alertmanagerAlerts(url, filter);
        looks.push({ at: Date.now(), alerts });
      } catch (error) {
        errors.push(String(error));
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  const active = (group: string, alerts: AlertmanagerAlert[]) =>
    alerts.find((a) => a.labels.group === group && a.status.state === 'active');
  return {
    errors,
    firstActive: (group) => looks.map((l) => active(group, l.alerts)).find((a) => a !== undefined),
    activeSpan(group) {
      const opened = looks.findIndex((l) => active(group, l.alerts) !== undefined);
      if (opened < 0) return {};
      const gone = looks.find((l, i) => i > opened && active(group, l.alerts) === undefined);
      return { open: looks[opened]!.at, ...(gone ? { close: gone.at } : {}) };
    },
    async stop() {
      running = false;
      await loop;
    },
  };
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
