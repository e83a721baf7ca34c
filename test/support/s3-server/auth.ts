import type { IncomingHttpHeaders } from 'node:http';
import { checkSignature, headerValue, parseAuthorization } from '../sigv4.js';

/**
 * SigV4 checks for the Authorization-header form, as S3 applies them: the path is decoded and encoded
 * again per SigV4, the query sorted by its encoded names and values, and every failure answered with
 * the error S3 gives. Presigned URLs (query-string auth) are not supported.
 */

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials: every request must carry this as x-amz-security-token. */
  sessionToken?: string;
}

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** RFC 3986 encoding of every byte except unreserved characters (and `/` when `keepSlash`), as SigV4 wants. */
function uriEncode(text: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Percent-decoding to UTF-8 (`+` stays a plus, as in S3 paths); throws on malformed escapes. */
export function uriDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error(400, 'InvalidURI', 'Couldn\u2019t parse the specified URI.');
  }
}

export function parseQuery(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [uriDecode(part), ''] : [uriDecode(part.slice(0, eq)), uriDecode(part.slice(eq + 1))];
  });
}

function canonicalQuery(query: [string, string][]): string {
  return query
    .map(([name, value]) => [uriEncode(name, false), uriEncode(value, false)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export interface VerifiedRequest {
  accessKeyId: string;
  /** The x-amz-content-sha256 value: a hex digest, UNSIGNED-PAYLOAD or a STREAMING-… mode. */
  payloadHash: string;
  signedHeaders: string[];
  region: string;
}

export interface VerifyOptions {
  method: string;
  /** The path as it arrived, still percent-encoded. */
  rawPath: string;
  query: [string, string][];
  headers: IncomingHttpHeaders;
  credentials: readonly S3Credentials[];
  region: string;
  now: Date;
}

/** Throws the S3Error that S3 would answer with, or says who signed the request. */
export function verifySigV4(options: VerifyOptions): VerifiedRequest {
  const { headers } = options;
  const authorization = headerValue(headers, 'authorization');
  if (authorization === undefined) throw new S3Error(403, 'AccessDenied', 'Anonymous requests are not allowed by this server.');
  const auth = parseAuthorization(authorization);
  if (!auth) throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; only AWS4-HMAC-SHA256 with Credential, SignedHeaders and Signature is accepted.');
  const { accessKeyId, date: scopeDate, region, service, signedHeaders, signature } = auth;
  if (service !== 's3') throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; incorrect service "${service}". This endpoint belongs to "s3".`);
  if (region !== options.region) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${region}' is wrong; expecting '${options.region}'`, {
      Region: options.region,
    });
  }
  const credentials = options.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!credentials) throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId });

  const amzDate = headerValue(headers, 'x-amz-date');
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate)) throw new S3Error(403, 'AccessDenied', 'AWS authentication requires a valid x-amz-date header');
  if (amzDate.slice(0, 8) !== scopeDate) throw new S3Error(403, 'SignatureDoesNotMatch', 'The date in the credential scope does not match x-amz-date.');
  const requestTime = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (Math.abs(options.now.getTime() - requestTime) > 15 * 60_000) {
    throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: amzDate,
      ServerTime: options.now.toISOString(),
    });
  }

  const token = headerValue(headers, 'x-amz-security-token');
  if (credentials.sessionToken !== undefined && token !== credentials.sessionToken) {
    throw new S3Error(
      400,
      'InvalidToken',
      token === undefined ? 'Temporary credentials need their session token (x-amz-security-token).' : 'The provided token is malformed or otherwise invalid.',
    );
  }
  if (credentials.sessionToken === undefined && token !== undefined) throw new S3Error(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');

  const payloadHash = headerValue(headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  if (!/^([0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+)$/.test(payloadHash))
    throw new S3Error(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a valid sha256 value.');

  const sorted = [...signedHeaders].sort();
  if (signedHeaders.some((name, i) => name !== sorted[i])) throw new S3Error(403, 'SignatureDoesNotMatch', 'SignedHeaders must be sorted.');
  if (!signedHeaders.includes('host')) throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; host must be a signed header.');
  const unsigned = Object.keys(headers).filter((name) => name.startsWith('x-amz-') && !signedHeaders.includes(name));
  if (unsigned.length > 0) throw new S3Error(403, 'AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: unsigned.join(', ') });

  const missing = signedHeaders.find((name) => headerValue(headers, name) === undefined);
  if (missing !== undefined) throw new S3Error(403, 'SignatureDoesNotMatch', `The signed header ${missing} is missing from the request.`);
  const canonicalPath = options.rawPath
    .split('/')
    .map((segment) => uriEncode(uriDecode(segment), false))
    .join('/');
  const { valid, canonicalRequest, stringToSign } = checkSignature(
    auth,
    { method: options.method, canonicalPath, canonicalQuery: canonicalQuery(options.query), headers, payloadHash, amzDate },
    credentials.secretAccessKey,
  );
  if (!valid) {
    throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      AWSAccessKeyId: accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: signature,
      CanonicalRequest: canonicalRequest,
    });
  }
  return { accessKeyId, payloadHash, signedHeaders, region };
}
