import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

/**
 * A stand-in for the EC2 instance metadata service that only speaks IMDSv2: a token from
 * `PUT /latest/api/token` (TTL 1–21600 s in X-aws-ec2-metadata-token-ttl-seconds) must come with
 * every GET as X-aws-ec2-metadata-token, and a GET without one is refused with 401 as on an
 * instance launched with HttpTokens=required. Like the real service it refuses token requests that
 * carry X-Forwarded-For (so proxies cannot fetch tokens), answers directory listings one name a
 * line, and 404s unknown paths. Bound to 127.0.0.1 on a random port; it closes itself after
 * `maxLifetimeMs`.
 */

export interface ImdsCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  /** ISO 8601, as IMDS writes it: `2026-11-23T18:00:00Z`. */
  Expiration: string;
}

export interface FakeImdsOptions {
  instanceId?: string;
  region?: string;
  availabilityZone?: string;
  localIpv4?: string;
  amiLaunchIndex?: number;
  /** Shared by the instances of one RunInstances call. */
  reservationId?: string;
  instanceType?: string;
  /** The instance profile's role; without one, iam/security-credentials/ is 404, as on an instance without a profile. */
  role?: string;
  credentials?: ImdsCredentials;
  userData?: string;
  /** Default 120 s: the server never outlives a test run. */
  maxLifetimeMs?: number;
}

export interface ImdsRecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface SpotInstanceAction {
  action: 'terminate' | 'stop' | 'hibernate';
  /** ISO 8601. */
  time: string;
}

export interface FakeImds {
  url: string;
  requests: ImdsRecordedRequest[];
  /** Tokens issued so far. */
  tokensIssued(): number;
  /** Every token issued so far stops working (as when one expires): a client must fetch a new one. */
  revokeTokens(): void;
  /** Called after each answered request, e.g. to revoke tokens or rotate credentials at a chosen point. */
  onRequest: ((request: ImdsRecordedRequest) => void) | undefined;
  setCredentials(credentials: ImdsCredentials): void;
  /** What spot/instance-action answers (404 until set, and again after `undefined`). */
  setSpotInstanceAction(action: SpotInstanceAction | undefined): void;
  close(): Promise<void>;
}

export async function startFakeImds(options: FakeImdsOptions = {}): Promise<FakeImds> {
  const region = options.region ?? 'us-east-1';
  const tokens = new Map<string, number>();
  let issued = 0;
  let credentials = options.credentials;
  let spotAction: SpotInstanceAction | undefined;
  const requests: ImdsRecordedRequest[] = [];

  function metadata(path: string): string | undefined {
    const role = options.role;
    const values: Record<string, string | undefined> = {
      'instance-id': options.instanceId ?? 'i-0123456789abcdef0',
      'instance-type': options.instanceType ?? 'c7i.large',
      'local-ipv4': options.localIpv4 ?? '10.0.0.12',
      'ami-launch-index': String(options.amiLaunchIndex ?? 0),
      'reservation-id': options.reservationId ?? 'r-0123456789abcdef0',
      'placement/region': region,
      'placement/availability-zone': options.availabilityZone ?? `${region}a`,
      'placement/': 'availability-zone\nregion',
      'spot/instance-action': spotAction && JSON.stringify(spotAction),
      'iam/security-credentials/': role,
      ...(role
        ? { [`iam/security-credentials/${role}`]: credentials && JSON.stringify({ Code: 'Success', LastUpdated: new Date().toISOString(), Type: 'AWS-HMAC', ...credentials }, null, 2) }
        : {}),
    };
    values[''] = 'ami-launch-index\niam/\ninstance-id\ninstance-type\nlocal-ipv4\nplacement/\nreservation-id\nspot/';
    values['iam/'] = role ? 'security-credentials/' : undefined;
    return values[path];
  }

  function handle(request: IncomingMessage, response: ServerResponse) {
    const path = (request.url ?? '/').split('?')[0] as string;
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      const recorded = { method: request.method ?? 'GET', path, headers: request.headers, status };
      requests.push(recorded);
      response.writeHead(status, { 'content-type': 'text/plain', server: 'EC2ws', ...headers });
      response.end(body);
      instance.onRequest?.(recorded);
    };
    request.resume();
    if (path === '/latest/api/token') {
      if (request.method !== 'PUT') return answer(405, 'Method Not Allowed', { allow: 'PUT' });
      if (request.headers['x-forwarded-for'] !== undefined) return answer(403, 'Forbidden');
      const ttl = Number(request.headers['x-aws-ec2-metadata-token-ttl-seconds']);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return answer(400, 'Bad Request');
      const token = randomBytes(42).toString('base64');
      tokens.set(token, Date.now() + ttl * 1000);
      issued++;
      return answer(200, token, { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttl) });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method Not Allowed', { allow: 'GET, HEAD' });
    const token = request.headers['x-aws-ec2-metadata-token'];
    const expires = typeof token === 'string' ? tokens.get(token) : undefined;
    if (expires === undefined || expires < Date.now()) return answer(401, 'Unauthorized');
    if (path === '/latest/user-data') return options.userData === undefined ? answer(404, 'Not Found') : answer(200, options.userData);
    const prefix = '/latest/meta-data/';
    const value = path.startsWith(prefix) ? metadata(path.slice(prefix.length)) : path === '/latest/meta-data' ? metadata('') : undefined;
    return value === undefined ? answer(404, 'Not Found') : answer(200, value);
  }

  const server = await listenOnLoopback(handle, options.maxLifetimeMs ?? 120_000);

  const instance: FakeImds = {
    url: server.url,
    requests,
    tokensIssued: () => issued,
    revokeTokens: () => tokens.clear(),
    onRequest: undefined,
    setCredentials: (next) => {
      credentials = next;
    },
    setSpotInstanceAction: (action) => {
      spotAction = action;
    },
    close: server.close,
  };
  return instance;
}
