import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '../json.js';
import { readIncomingEvents } from './incoming-events.js';
import { type ListenAddress, listenUrl } from './listen-address.js';
import { readBoundedBody } from './read-body.js';
import { type ServeSecrets, verifyBeforeBody, verifyWithBody } from './request-auth.js';

const EVENTS_PATH = '/events';

export interface EventsServerOptions {
  address: ListenAddress;
  secrets: ServeSecrets;
  maxBodyBytes: number;
  /** Takes good events for good (durably) before the server answers 202; throwing answers 500. */
  accept(events: JsonObject[]): void;
  log(line: string): void;
}

export interface EventsServer {
  url: string;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: JsonObject;
  headers?: Record<string, string>;
  /** The request's body may be left unread (refused before it, or beyond the limit): close the connection after answering. */
  close?: boolean;
}

const failure = (status: number, error: string, hint?: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error, ...(hint ? { hint } : {}) },
  ...(headers ? { headers } : {}),
});

/** A request left unread past the answer is drained for so long at most, then its connection is cut. */
const DRAIN_MS = 2000;

function send(request: IncomingMessage, response: ServerResponse, answer: Answer): void {
  const text = `${JSON.stringify(answer.body)}\n`;
  response.writeHead(answer.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...(answer.close ? { Connection: 'close' } : {}), ...answer.headers });
  response.end(text);
  if (answer.close) {
    // Discarded, never kept: cutting the connection while the client still sends could lose it the answer.
    request.resume();
    setTimeout(() => request.socket.destroy(), DRAIN_MS).unref();
  }
}

async function answerRequest(request: IncomingMessage, options: EventsServerOptions): Promise<Answer> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== EVENTS_PATH) return { ...failure(404, `nothing at ${path}`, `POST events to ${EVENTS_PATH}`), close: true };
  if (request.method !== 'POST') return { ...failure(405, `${request.method} is not allowed on ${EVENTS_PATH}`, 'POST the events', { Allow: 'POST' }), close: true };
  const unauthorized = (problem: string): Answer => ({
    ...failure(401, problem, 'see docs/events.md, "events serve"', options.secrets.token !== undefined ? { 'WWW-Authenticate': 'Bearer realm="spawn-slurm events"' } : undefined),
    close: true,
  });
  const early = verifyBeforeBody(request.headers, options.secrets);
  if (early && !early.ok) return unauthorized(early.problem);
  const reading = await readBoundedBody(request, options.maxBodyBytes);
  if (!reading.ok) {
    if (reading.tooLarge)
      return { ...failure(413, `the body is larger than ${options.maxBodyBytes} bytes`, 'send fewer events per request, or start the server with a larger --max-body'), close: true };
    return failure(400, `the body could not be read: ${reading.problem}`);
  }
  const verdict = early ?? verifyWithBody(request.headers, reading.body, options.secrets);
  if (!verdict.ok) return unauthorized(verdict.problem);
  const incoming = readIncomingEvents(reading.body.toString('utf8'));
  if (!incoming.ok) return failure(400, incoming.problem, incoming.hint);
  options.accept(incoming.events);
  return { status: 202, body: { accepted: incoming.events.map((event) => event.id ?? null) } };
}

/**
 * `POST /events` on a plain HTTP server (loopback unless told otherwise; TLS belongs to a proxy in front):
 * every request authenticated, bodies bounded, the events taken before 202 is answered. No request,
 * however malformed, takes the server down: what cannot be answered is logged and its connection cut.
 */
export async function startEventsServer(options: EventsServerOptions): Promise<EventsServer> {
  const server = createServer((request, response) => {
    answerRequest(request, options)
      .catch((error: unknown) => {
        options.log(`${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`);
        return failure(500, 'the events could not be taken', 'the server log says why; send them again');
      })
      .then((answer) => {
        options.log(`${request.method} ${request.url}: ${answer.status}${answer.status === 202 ? ` ${JSON.stringify(answer.body.accepted)}` : ` ${String(answer.body.error)}`}`);
        send(request, response, answer);
      })
      .catch(() => response.destroy());
  });
  // Slow or half-sent requests do not hold connections for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.address.port, options.address.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.log(`server: ${error.message}`));
  const { address, port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // Requests still in flight get a moment to be answered.
      setTimeout(() => server.closeAllConnections(), DRAIN_MS).unref();
    }));
  return { url: listenUrl(address, port), close };
}
