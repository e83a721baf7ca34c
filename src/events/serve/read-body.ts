import type { IncomingMessage } from 'node:http';

export type BodyReading = { ok: true; body: Buffer } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false; problem: string };

/**
 * The request's body, at most `maxBytes` of it: a Content-Length above the limit is refused before a byte
 * is read, and a body that grows past it (chunked) stops being read at the limit. Whatever goes wrong
 * on the way (the client hangs up) is an answer, never an exception.
 */
export function readBoundedBody(request: IncomingMessage, maxBytes: number): Promise<BodyReading> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (reading: BodyReading) => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      // The error listener stays: a request that fails later (the client hangs up) must not throw.
      resolve(reading);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.pause();
        finish({ ok: false, tooLarge: true });
      } else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks) });
    const onError = (error: Error) => finish({ ok: false, tooLarge: false, problem: error.message });
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}
