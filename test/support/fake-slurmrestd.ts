import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type FakeHandler = (request: FakeRequest, response: ServerResponse) => void;

/**
 * A stand-in slurmrestd on 127.0.0.1 (an ephemeral port) for the cases a real one cannot be made to
 * show on demand: lost answers, odd bodies, auth failures. Every request is recorded. Closes itself
 * after `lifetimeMs` so a failed test never leaves it running.
 */
export class FakeSlurmrestd {
  readonly requests: FakeRequest[] = [];
  private server: Server | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly handler: FakeHandler) {}

  async start(lifetimeMs = 60_000): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: text ? (JSON.parse(text) as unknown) : null };
        this.requests.push(request);
        this.handler(request, res);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.timer = setTimeout(() => void this.stop(), lifetimeMs);
    this.timer.unref();
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  response.end(text);
}

/** The smallest OpenAPI document that says which job APIs a server has. */
export function openapiServing(versions: readonly string[]): unknown {
  return { openapi: '3.0.2', paths: Object.fromEntries(versions.map((v) => [`/slurm/${v}/job/submit`, { post: {} }])) };
}
