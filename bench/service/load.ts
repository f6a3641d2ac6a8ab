// bench/service's load generator, run in a process of its own so that its CPU is not
// counted as the service's. Open loop: each path is asked at a fixed rate whether or not
// earlier requests have answered (a slow server is not given a rest), each request with a
// timeout; prints one JSON line of latencies per path on stdout when the time is up.
// Every path is asked with `Accept-Encoding: gzip`, as Go's HTTP client asks unless told not
// to (Prometheus, Telegraf's burrow input, burrow_exporter) and as browsers ask; the body is
// read, not unpacked. LAGWATCH_BENCH_API_GZIP=0 asks only /metrics so (as Prometheus), the
// other paths without it (curl, Node's http.get).
// argv: <base url> <seconds> <timeoutMs> <path=perSecond>...
import http from 'node:http';

export interface PathResult {
  path: string;
  sent: number;
  answered: number;
  non2xx: number;
  unanswered: number;
  /** Why the unanswered were not answered: error code (or message) -> count. */
  errors: Record<string, number>;
  latenciesMs: number[];
}

const [base = '', secondsText = '10', timeoutText = '5000', ...targets] = process.argv.slice(2);
const seconds = Number(secondsText);
const timeoutMs = Number(timeoutText);
/** Whether the paths other than /metrics are asked with gzip accepted too (see the top). */
const gzipEverywhere = process.env.LAGWATCH_BENCH_API_GZIP !== '0';
// Idle sockets are closed by this side well before the service's keep-alive timeout
// (api.requestTimeoutMs, 10 s), as Prometheus' and browsers' clients avoid reusing a socket
// the server is closing. Node's agent follows the server's `Keep-Alive: timeout=` hint only
// when it has a timeout of its own: without one it kept idle sockets forever, and a request
// sent on one just as the service closed it failed (ECONNRESET, one in a few thousand).
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 });

function ask(path: string, result: PathResult): Promise<void> {
  result.sent++;
  const start = performance.now();
  return new Promise((resolve) => {
    const headers = path === '/metrics' || gzipEverywhere ? { 'accept-encoding': 'gzip' } : {};
    const request = http.get(
      `${base}${path}`,
      { agent, timeout: timeoutMs, headers },
      (response) => {
        response.on('data', () => undefined);
        response.on('end', () => {
          result.answered++;
          if ((response.statusCode ?? 0) >= 300) result.non2xx++;
          result.latenciesMs.push(performance.now() - start);
          resolve();
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      result.unanswered++;
      const why = `${error.code ?? error.message}${request.reusedSocket ? ' (reused socket)' : ''}`;
      result.errors[why] = (result.errors[why] ?? 0) + 1;
      resolve();
    });
  });
}

async function drive(target: string): Promise<PathResult> {
  const at = target.lastIndexOf('=');
  const path = target.slice(0, at);
  const perSecond = Number(target.slice(at + 1));
  const result: PathResult = {
    path,
    sent: 0,
    answered: 0,
    non2xx: 0,
    unanswered: 0,
    errors: {},
    latenciesMs: [],
  };
  const pending: Promise<void>[] = [];
  const everyMs = 1000 / perSecond;
  const end = performance.now() + seconds * 1000;
  let next = performance.now();
  // A rate of 0 leaves the path out.
  while (perSecond > 0 && next < end) {
    pending.push(ask(path, result));
    next += everyMs;
    // A rate so low that its next request falls after the end waits no longer.
    if (next >= end) break;
    const waitMs = next - performance.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  await Promise.all(pending);
  return result;
}

const results = await Promise.all(targets.map(drive));
agent.destroy();
process.stdout.write(`${JSON.stringify(results)}\n`);
