import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `handler` on 127.0.0.1 at a random port; a handler that throws or rejects answers 500 with
 * the error. The server closes itself after `maxLifetimeMs` so that it never outlives a test run.
 */
export async function listenOnLoopback(handler: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void, maxLifetimeMs: number): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    const run = async () => handler(request, response);
    run().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }));
  setTimeout(() => void close(), maxLifetimeMs).unref();
  return { url: `http://127.0.0.1:${port}`, close };
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
