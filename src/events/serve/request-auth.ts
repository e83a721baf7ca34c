import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../sinks/webhook-signature.js';

/** The secrets a server checks requests against; at least one is set. Never logged, never answered. */
export interface ServeSecrets {
  token?: string;
  hmacSecret?: string;
}

export type AuthVerdict = { ok: true; by: 'token' | 'signature' } | { ok: false; problem: string };

const bearer = (headers: IncomingHttpHeaders): string | undefined => {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.authorization ?? '');
  return match?.[1];
};

/** Equal in constant time whatever the lengths: both sides are hashed to 32 bytes first. */
const sameSecret = (given: string, expected: string) => timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

/**
 * Whether the bearer token can already decide, before the body is read: a wrong token is refused at
 * once, a right one accepted; undefined when the signature (over the body) must decide.
 */
export function verifyBeforeBody(headers: IncomingHttpHeaders, secrets: ServeSecrets): AuthVerdict | undefined {
  if (secrets.token === undefined || headers.authorization === undefined) return undefined;
  const token = bearer(headers);
  if (token === undefined) return { ok: false, problem: 'the Authorization header is not "Bearer <token>"' };
  return sameSecret(token, secrets.token) ? { ok: true, by: 'token' } : { ok: false, problem: 'the bearer token is not the one this server was given' };
}

/** After the body: the HMAC-SHA256 signature over its exact bytes, or no credentials at all. */
export function verifyWithBody(headers: IncomingHttpHeaders, body: Buffer, secrets: ServeSecrets): AuthVerdict {
  const signature = headers[SIGNATURE_HEADER.toLowerCase()];
  if (secrets.hmacSecret !== undefined && signature !== undefined) {
    const given = Array.isArray(signature) ? signature.join(',') : signature;
    return verifyWebhookSignature(body, secrets.hmacSecret, given) ? { ok: true, by: 'signature' } : { ok: false, problem: `the ${SIGNATURE_HEADER} header does not match the body` };
  }
  const ways = [
    ...(secrets.token !== undefined ? ['an Authorization: Bearer <token> header'] : []),
    ...(secrets.hmacSecret !== undefined ? [`an ${SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of the body> header`] : []),
  ];
  return { ok: false, problem: `authentication required: send ${ways.join(' or ')}` };
}
