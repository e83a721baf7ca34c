import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Server-side AWS Signature Version 4 for the Authorization-header form: parsing the header and
 * recomputing the signature from what arrived. What a service checks around it (which errors, how
 * the path and query are canonicalised, where the payload hash comes from) stays with its fake.
 */

export interface Authorization {
  accessKeyId: string;
  /** The credential scope's date, `yyyymmdd`. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export function parseAuthorization(value: string | undefined): Authorization | undefined {
  const match = AUTHORIZATION.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as [string, string, string, string, string, string, string];
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export interface SignedRequest {
  method: string;
  /** Path and query already in their canonical SigV4 form. */
  canonicalPath: string;
  canonicalQuery: string;
  headers: IncomingHttpHeaders;
  payloadHash: string;
  amzDate: string;
}

export interface SignatureCheck {
  valid: boolean;
  canonicalRequest: string;
  stringToSign: string;
}

export function checkSignature(auth: Authorization, request: SignedRequest, secretAccessKey: string): SignatureCheck {
  const canonicalHeaders = auth.signedHeaders.map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, request.canonicalPath, request.canonicalQuery, canonicalHeaders, auth.signedHeaders.join(';'), request.payloadHash].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', request.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, auth.date), auth.region), auth.service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
  return { valid: timingSafeEqual(expected, Buffer.from(auth.signature, 'hex')), canonicalRequest, stringToSign };
}

export type RequestAuthentication = { ok: true; auth: Authorization } | { ok: false; status: number; code: string; message: string };

/**
 * Checks a request's SigV4 Authorization header as an AWS JSON or Query service does: the expected access
 * key, a signed host header, X-Amz-Date within the credential scope, and the signature recomputed with the
 * expected secret over the path, the sorted query and the body's hash.
 */
export function authenticateRequest(request: IncomingMessage, body: string | Buffer, credentials: { accessKeyId: string; secretAccessKey: string }): RequestAuthentication {
  const auth = parseAuthorization(request.headers.authorization);
  const refuse = (status: number, code: string, message: string): RequestAuthentication => ({ ok: false, status, code, message });
  if (auth?.accessKeyId !== credentials.accessKeyId) return refuse(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (amzDate === undefined || !amzDate.startsWith(auth.date)) return refuse(401, 'AuthFailure', 'X-Amz-Date is missing or does not match the credential scope');
  if (!auth.signedHeaders.includes('host')) return refuse(401, 'AuthFailure', 'the host header must be signed');
  const [path = '/', query = ''] = (request.url ?? '/').split('?');
  const signed = {
    method: request.method ?? 'POST',
    canonicalPath: path,
    canonicalQuery: query.split('&').filter(Boolean).sort().join('&'),
    headers: request.headers,
    payloadHash: headerValue(request.headers, 'x-amz-content-sha256') ?? sha256Hex(body),
    amzDate,
  };
  if (!checkSignature(auth, signed, credentials.secretAccessKey).valid) {
    return refuse(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  return { ok: true, auth };
}
