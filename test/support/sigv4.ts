import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

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
