// Every connection gets an answer. Node's HTTP server (as Fastify sets it up) closes a
// socket without a word in three cases: a connection idle past the timeout before it sent
// a whole request (nothing at all, or headers without their body), and a CONNECT request
// (no 'connect' listener). A client, or the person debugging it, then sees a reset instead
// of a reason. Here a timed-out socket gets Fastify's 408 JSON (the same body Node's
// request-timeout check sends through Fastify's clientError handler) unless a response is
// already under way or the connection sits idle between requests, and CONNECT gets 405.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { requestPath } from './envelope.js';

const TIMEOUT_BODY = '{"error":"Request Timeout","message":"Client Timeout","statusCode":408}';

/** The methods every lagwatch path answers; CONNECT names no path, so these are offered. */
const ALLOW_FOR_CONNECT = 'GET, HEAD, OPTIONS';

export function answerEveryConnection(server: Server, host: string): void {
  /** The response being written on a socket, while there is one. */
  const inFlight = new WeakMap<Socket, ServerResponse>();
  /** socket.bytesRead when its last response finished: more since means a request begun. */
  const readWhenAnswered = new WeakMap<Socket, number>();

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    inFlight.set(socket, response);
    response.once('finish', () => {
      if (inFlight.get(socket) === response) inFlight.delete(socket);
      readWhenAnswered.set(socket, socket.bytesRead);
    });
  });

  // With a listener here, Node leaves the timed-out socket to us (no automatic destroy).
  server.on('timeout', (socket: Socket) => {
    const response = inFlight.get(socket);
    const requestBegun = socket.bytesRead > (readWhenAnswered.get(socket) ?? 0);
    const neverAnswered = socket.bytesWritten === 0;
    const answer = response ? !response.headersSent : requestBegun || neverAnswered;
    if (answer && socket.writable) socket.write(rawResponse(408, 'Request Timeout', TIMEOUT_BODY));
    socket.destroySoon();
  });

  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    const body = JSON.stringify({
      error: true,
      message: `method CONNECT not allowed; allowed: ${ALLOW_FOR_CONNECT}`,
      request: { url: requestPath(request.url ?? ''), host },
    });
    socket.on('error', () => undefined);
    socket.end(rawResponse(405, 'Method Not Allowed', body, `Allow: ${ALLOW_FOR_CONNECT}\r\n`));
  });
}

function rawResponse(code: number, reason: string, body: string, extraHeaders = ''): string {
  return (
    `HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}Connection: close\r\n\r\n${body}`
  );
}
