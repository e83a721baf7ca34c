import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type HttpOutcome = { kind: 'answer'; status: number; statusText: string; retryAfterSeconds?: number; body: string } | { kind: 'timeout' } | { kind: 'network'; message: string };

/** Of the answer's body, only the start goes into an error message. */
const BODY_KEPT = 300;

/** Retry-After in seconds; its HTTP-date form is ignored. */
function retryAfter(value: string | string[] | undefined): number | undefined {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * One POST, never following redirects, with one timeout for the whole exchange (connecting, sending, the
 * answer). Never rejects. No keep-alive: a delivery round must not hold the process open.
 */
export function postOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    });
    let settled = false;
    const settle = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'network', message: error.code ? `${error.code}: ${error.message}` : error.message }));
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (text.length < BODY_KEPT) text += chunk;
      });
      response.on('error', (error) => settle({ kind: 'network', message: error.message }));
      response.on('end', () => {
        const seconds = retryAfter(response.headers['retry-after']);
        settle({
          kind: 'answer',
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
          body: text.slice(0, BODY_KEPT),
        });
      });
    });
    request.end(body);
  });
}
