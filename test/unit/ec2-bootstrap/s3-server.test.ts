import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startS3Server } from '../../support/s3-server/server.js';
import type { S3Credentials, S3Server, S3ServerOptions } from '../../support/s3-server/server.js';

/** A SigV4 signer of its own, written from AWS's description and independent of the server's verifier. */
const PERMANENT: S3Credentials = { accessKeyId: 'AKIDEXAMPLE00000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMPORARY: S3Credentials = { accessKeyId: 'ASIAEXAMPLE00000002', secretAccessKey: 'temporary/secret+key', sessionToken: 'FwoGZXIvYXdzEJr//////////session+token==' };
const REGION = 'us-west-2';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const encode = (text: string, slash: boolean) =>
  Array.from(Buffer.from(text))
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) || (slash && b === 0x2f) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

interface SignedRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  credentials?: S3Credentials;
  payloadHash?: string;
  date?: Date;
  region?: string;
  /** Changes made after signing, to tamper with a request. */
  tamper?: (request: { path: string; headers: Record<string, string> }) => void;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  code: string | undefined;
}

let server: S3Server;
async function start(options: Partial<S3ServerOptions> = {}) {
  server = await startS3Server({ credentials: [PERMANENT, TEMPORARY], buckets: ['data'], region: REGION, ...options });
  return server;
}
afterEach(async () => {
  await server?.close();
});

function send(request: SignedRequest): Promise<Answer> {
  const credentials = request.credentials ?? PERMANENT;
  const url = new URL(server.url);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const amzDate = (request.date ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const date = amzDate.slice(0, 8);
  const region = request.region ?? REGION;
  const path = request.path
    .split('/')
    .map((s) => encode(s, false))
    .join('/');
  const query = Object.entries(request.query ?? {})
    .map(([k, v]) => `${encode(k, false)}=${encode(v, false)}`)
    .sort()
    .join('&');
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': request.payloadHash ?? sha256(body),
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
    ...request.headers,
  };
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const canonical = [request.method, path, query, names.map((n) => `${n}:${headers[n]!.trim()}\n`).join(''), names.join(';'), headers['x-amz-content-sha256']].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key)
    .update(['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n'))
    .digest('hex');
  headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  const sent = { path, headers };
  request.tamper?.(sent);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: request.method, path: `${sent.path}${query ? `?${query}` : ''}`, headers: { ...sent.headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          const text = data.toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, text, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const keysOf = (xml: string) => [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
const tokenOf = (xml: string) => /<NextContinuationToken>([^<]*)</.exec(xml)?.[1];

describe('S3 test server', () => {
  it('stores, reads, heads and deletes objects for a correctly signed client', async () => {
    await start();
    const put = await send({ method: 'PUT', path: '/data/dir/file name ü.txt', body: 'hello', headers: { 'content-type': 'text/plain', 'x-amz-meta-owner': 'task 3' } });
    expect(put.status).toBe(200);
    expect(put.headers['etag']).toBe(`"${createHash('md5').update('hello').digest('hex')}"`);
    const get = await send({ method: 'GET', path: '/data/dir/file name ü.txt' });
    expect([get.status, get.text, get.headers['content-type'], get.headers['x-amz-meta-owner']]).toEqual([200, 'hello', 'text/plain', 'task 3']);
    const head = await send({ method: 'HEAD', path: '/data/dir/file name ü.txt' });
    expect([head.status, head.headers['content-length'], head.text]).toEqual([200, '5', '']);
    expect(server.getObject('data', 'dir/file name ü.txt')!.body.toString()).toBe('hello');
    expect((await send({ method: 'DELETE', path: '/data/dir/file name ü.txt' })).status).toBe(204);
    const gone = await send({ method: 'GET', path: '/data/dir/file name ü.txt' });
    expect([gone.status, gone.code]).toEqual([404, 'NoSuchKey']);
    expect(gone.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist\.<\/Message><Key>dir\/file name ü\.txt<\/Key><Resource>/,
    );
    expect((await send({ method: 'HEAD', path: '/data/nothing' })).status).toBe(404);
    expect(server.requests.map((q) => [q.method, q.key, q.status, q.accessKeyId])).toContainEqual(['PUT', 'dir/file name ü.txt', 200, PERMANENT.accessKeyId]);
  });

  it('creates buckets and answers S3 errors for missing ones', async () => {
    await start({ buckets: [] });
    expect((await send({ method: 'GET', path: '/data/k' })).code).toBe('NoSuchBucket');
    expect((await send({ method: 'PUT', path: '/data' })).status).toBe(200);
    expect((await send({ method: 'PUT', path: '/data' })).code).toBe('BucketAlreadyOwnedByYou');
    expect((await send({ method: 'PUT', path: '/Bad_Name' })).code).toBe('InvalidBucketName');
    expect((await send({ method: 'HEAD', path: '/data' })).status).toBe(200);
    expect((await send({ method: 'PUT', path: '/data/k', body: 'x' })).status).toBe(200);
    expect(server.objects('data').map((o) => o.key)).toEqual(['k']);
    expect((await send({ method: 'DELETE', path: '/data' })).code).toBe('BucketNotEmpty');
    expect((await send({ method: 'GET', path: '/data', query: { acl: '' } })).code).toBe('NotImplemented');
  });

  it('refuses a request whose signed header, path or body was changed after signing', async () => {
    await start();
    const header = await send({
      method: 'PUT',
      path: '/data/k',
      body: 'x',
      headers: { 'x-amz-meta-a': '1' },
      tamper: (r) => {
        r.headers['x-amz-meta-a'] = '2';
      },
    });
    expect([header.status, header.code]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(header.text).toContain('<CanonicalRequest>PUT\n/data/k\n');
    const path = await send({
      method: 'GET',
      path: '/data/a',
      tamper: (r) => {
        r.path = '/data/b';
      },
    });
    expect([path.status, path.code]).toEqual([403, 'SignatureDoesNotMatch']);
    const body = await send({ method: 'PUT', path: '/data/k', body: 'x', payloadHash: sha256('y') });
    expect([body.status, body.code]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    const unsigned = await send({
      method: 'PUT',
      path: '/data/k',
      body: 'x',
      tamper: (r) => {
        r.headers['x-amz-meta-extra'] = 'sneaked in';
      },
    });
    expect([unsigned.status, unsigned.code]).toEqual([403, 'AccessDenied']);
    expect(server.objects('data')).toEqual([]);
  });

  it('authenticates every request: unknown keys, wrong secrets, anonymity, stale dates and wrong regions fail', async () => {
    await start();
    expect((await send({ method: 'GET', path: '/data/k', credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } })).code).toBe('InvalidAccessKeyId');
    const wrong = await send({ method: 'GET', path: '/data/k', credentials: { ...PERMANENT, secretAccessKey: 'guess' } });
    expect([wrong.status, wrong.code]).toEqual([403, 'SignatureDoesNotMatch']);
    expect((await send({ method: 'GET', path: '/data/k', tamper: (r) => void delete r.headers['authorization'] })).code).toBe('AccessDenied');
    expect((await send({ method: 'GET', path: '/data/k', date: new Date(Date.now() - 20 * 60_000) })).code).toBe('RequestTimeTooSkewed');
    expect((await send({ method: 'GET', path: '/data/k', region: 'us-east-1' })).code).toBe('AuthorizationHeaderMalformed');
    expect((await send({ method: 'GET', path: '/data/k', tamper: (r) => void delete r.headers['x-amz-content-sha256'] })).code).toBe('InvalidRequest');
    expect(server.requests.every((q) => q.status !== 200 && q.accessKeyId === undefined)).toBe(true);
  });

  it('checks the session token of temporary credentials', async () => {
    await start();
    expect((await send({ method: 'PUT', path: '/data/t', body: 'x', credentials: TEMPORARY })).status).toBe(200);
    const missing = await send({ method: 'GET', path: '/data/t', credentials: { ...TEMPORARY, sessionToken: undefined } as S3Credentials });
    expect([missing.status, missing.code]).toEqual([400, 'InvalidToken']);
    const wrong = await send({ method: 'GET', path: '/data/t', credentials: { ...TEMPORARY, sessionToken: 'other' } });
    expect(wrong.code).toBe('InvalidToken');
    const unsignedToken = await send({
      method: 'GET',
      path: '/data/t',
      credentials: { ...TEMPORARY, sessionToken: undefined } as S3Credentials,
      tamper: (r) => {
        r.headers['x-amz-security-token'] = TEMPORARY.sessionToken!;
      },
    });
    expect(unsignedToken.code).toBe('AccessDenied');
  });

  it('accepts UNSIGNED-PAYLOAD and the SDK’s aws-chunked bodies with a checksum trailer, checking digests', async () => {
    await start();
    expect((await send({ method: 'PUT', path: '/data/u', body: 'unsigned', payloadHash: 'UNSIGNED-PAYLOAD' })).status).toBe(200);
    expect(server.getObject('data', 'u')!.body.toString()).toBe('unsigned');
    const data = Buffer.from('chunked body');
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(data));
    const chunked = Buffer.from(`${data.length.toString(16)}\r\n${data.toString()}\r\n0\r\nx-amz-checksum-crc32:${checksum.toString('base64')}\r\n\r\n`);
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-crc32' };
    expect((await send({ method: 'PUT', path: '/data/c', body: chunked, payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', headers })).status).toBe(200);
    expect(server.getObject('data', 'c')!.body.equals(data)).toBe(true);
    const bad = await send({ method: 'PUT', path: '/data/d', body: 'x', headers: { 'x-amz-checksum-sha256': createHash('sha256').update('y').digest('base64') } });
    expect(bad.code).toBe('BadDigest');
    expect((await send({ method: 'PUT', path: '/data/e', body: 'x', payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' })).code).toBe('NotImplemented');
  });

  it('writes conditionally: If-None-Match: * fails with 412 once the key exists, If-Match compares ETags', async () => {
    await start();
    const first = await send({ method: 'PUT', path: '/data/claim', body: 'one', headers: { 'if-none-match': '*' } });
    expect(first.status).toBe(200);
    const second = await send({ method: 'PUT', path: '/data/claim', body: 'two', headers: { 'if-none-match': '*' } });
    expect([second.status, second.code]).toEqual([412, 'PreconditionFailed']);
    expect(server.getObject('data', 'claim')!.body.toString()).toBe('one');
    expect((await send({ method: 'PUT', path: '/data/claim', body: 'three', headers: { 'if-match': '"0000"' } })).status).toBe(412);
    expect((await send({ method: 'PUT', path: '/data/claim', body: 'three', headers: { 'if-match': first.headers['etag'] as string } })).status).toBe(200);
    expect((await send({ method: 'PUT', path: '/data/none', body: 'x', headers: { 'if-match': '"0000"' } })).code).toBe('NoSuchKey');
    // Racing claims: exactly one wins.
    const race = await Promise.all(Array.from({ length: 8 }, (_, i) => send({ method: 'PUT', path: '/data/race', body: `claimer ${i}`, headers: { 'if-none-match': '*' } })));
    expect(race.filter((a) => a.status === 200)).toHaveLength(1);
    expect(race.filter((a) => a.status === 412)).toHaveLength(7);
  });

  it('lists with ListObjectsV2: prefix, pages, continuation tokens, delimiter and url encoding', async () => {
    await start({ pageSize: 3 });
    const keys = ['logs/a b', 'logs/a+b', 'logs/c/1', 'logs/c/2', 'logs/d', 'logs/é', 'other/x'];
    for (const key of keys) server.putObject('data', key, key);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await send({ method: 'GET', path: '/data', query: { 'list-type': '2', prefix: 'logs/', ...(token ? { 'continuation-token': token } : {}) } });
      expect(page.status).toBe(200);
      seen.push(...(keysOf(page.text) as string[]));
      token = tokenOf(page.text);
      pages++;
    } while (token);
    expect([seen, pages]).toEqual([keys.slice(0, 6), 2]);
    const small = await send({ method: 'GET', path: '/data', query: { 'list-type': '2', 'max-keys': '1' } });
    expect(keysOf(small.text)).toEqual(['logs/a b']);
    expect(small.text).toContain('<IsTruncated>true</IsTruncated>');
    const encoded = await send({ method: 'GET', path: '/data', query: { 'list-type': '2', prefix: 'logs/a', 'encoding-type': 'url' } });
    expect(keysOf(encoded.text)).toEqual(['logs/a+b', 'logs/a%2Bb']);
    const grouped = await send({ method: 'GET', path: '/data', query: { 'list-type': '2', prefix: 'logs/', delimiter: '/', 'max-keys': '3' } });
    expect(keysOf(grouped.text)).toEqual(['logs/a b', 'logs/a+b']);
    expect(grouped.text).toContain('<CommonPrefixes><Prefix>logs/c/</Prefix></CommonPrefixes>');
    const rest = await send({ method: 'GET', path: '/data', query: { 'list-type': '2', prefix: 'logs/', delimiter: '/', 'continuation-token': tokenOf(grouped.text)! } });
    expect(keysOf(rest.text)).toEqual(['logs/d', 'logs/é']);
    expect(rest.text).not.toContain('<CommonPrefixes>');
    expect((await send({ method: 'GET', path: '/data', query: { 'list-type': '2', 'continuation-token': 'bogus' } })).code).toBe('InvalidArgument');
  });

  it('fails on request with injected errors, before or after carrying the request out', async () => {
    await start();
    server.failNext({ method: 'PUT', status: 503, code: 'SlowDown' });
    expect((await send({ method: 'PUT', path: '/data/k', body: '1' })).code).toBe('SlowDown');
    expect(server.getObject('data', 'k')).toBeUndefined();
    server.failNext({ method: 'PUT', status: 500, code: 'InternalError', afterApplying: true });
    expect((await send({ method: 'PUT', path: '/data/k', body: '2' })).code).toBe('InternalError');
    expect(server.getObject('data', 'k')!.body.toString()).toBe('2');
    expect((await send({ method: 'PUT', path: '/data/k', body: '3' })).status).toBe(200);
  });
});
