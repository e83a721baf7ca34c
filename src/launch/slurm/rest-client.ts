import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SpawnSlurmError } from '../../core/errors.js';

/** Where a slurmrestd listens and who talks to it. */
export interface RestTarget {
  /** `unix:/path/to/socket` (rest_auth/local) or `http(s)://host:port` (JWT). */
  url: string;
  /** Sent as X-SLURM-USER-NAME with a token. */
  user: string | null;
  /** The JWT, sent as X-SLURM-USER-TOKEN; never logged or written anywhere. */
  token: string | null;
}

export interface RestResponse {
  status: number;
  /** The parsed JSON answer; the text itself when it is not JSON (`Authentication failure`); null when empty. */
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 512 * 1024 * 1024;

interface Endpoint {
  options: RequestOptions;
  secure: boolean;
  /** The URL without credentials, for messages. */
  shown: string;
}

function endpointOf(url: string): Endpoint {
  if (url.startsWith('unix:')) {
    const socketPath = url.slice('unix:'.length).replace(/^\/\/(?=\/)/, '');
    if (!socketPath.startsWith('/')) throw new SpawnSlurmError('slurmrestd-url', `"${url}" is not a slurmrestd address`, 'write unix:/absolute/path/to/slurmrestd.socket');
    return { options: { socketPath }, secure: false, shown: `unix:${socketPath}` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SpawnSlurmError('slurmrestd-url', `"${url}" is not a slurmrestd address`, 'write unix:/path/to/socket, http://host:port or https://host:port');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SpawnSlurmError(
      'slurmrestd-url',
      `"${url}" is not a slurmrestd address: ${parsed.protocol} is neither http: nor https:`,
      'write unix:/path/to/socket, http://host:port or https://host:port',
    );
  }
  const secure = parsed.protocol === 'https:';
  const base = parsed.pathname.replace(/\/+$/, '');
  return {
    options: { host: parsed.hostname, port: parsed.port || (secure ? 443 : 80), path: base },
    secure,
    shown: `${parsed.protocol}//${parsed.host}${base}`,
  };
}

function readAnswer(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) response.destroy(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
      else chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

/** Why a transport failed, in a user's words. */
function transportMessage(error: NodeJS.ErrnoException, shown: string): string {
  switch (error.code) {
    case 'ENOENT':
      return `cannot reach slurmrestd at ${shown}: no such socket`;
    case 'ECONNREFUSED':
      return `cannot reach slurmrestd at ${shown}: connection refused (is slurmrestd running?)`;
    case 'EACCES':
      return `cannot reach slurmrestd at ${shown}: permission denied`;
    case 'ETIMEDOUT':
      return `slurmrestd at ${shown} did not answer in time`;
    default:
      return `cannot reach slurmrestd at ${shown}: ${error.message}`;
  }
}

/**
 * A JSON client for one slurmrestd, over a unix socket or http(s). The token travels only in the
 * request headers: it never appears in an error message.
 */
export class RestClient {
  private readonly endpoint: Endpoint;

  constructor(
    private readonly target: RestTarget,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.endpoint = endpointOf(target.url);
  }

  /** The server's address without credentials. */
  get address(): string {
    return this.endpoint.shown;
  }

  private headers(payload: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    if (this.target.token !== null) {
      headers['X-SLURM-USER-TOKEN'] = this.target.token;
      if (this.target.user !== null) headers['X-SLURM-USER-NAME'] = this.target.user;
    }
    return headers;
  }

  /** One request; the answer whatever its HTTP status. Throws only when no answer arrived. */
  request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<RestResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { options, secure, shown } = this.endpoint;
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<RestResponse>((resolve, reject) => {
      const req = send({ ...options, path: `${options.path ?? ''}${path}`, method, headers: this.headers(payload), timeout: this.timeoutMs }, (response) => {
        readAnswer(response).then((text) => {
          const status = response.statusCode ?? 0;
          if (text.trim() === '') return resolve({ status, body: null });
          try {
            resolve({ status, body: JSON.parse(text) });
          } catch {
            resolve({ status, body: text.trim() });
          }
        }, reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (error: NodeJS.ErrnoException) => reject(new SpawnSlurmError('slurmrestd-unreachable', transportMessage(error, shown), undefined, { cause: error })));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}
