import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { listenOnLoopback, readBody } from '../loopback-server.js';
import { sha256Hex } from '../sigv4.js';
import { parseQuery, S3Error, uriDecode, verifySigV4 } from './auth.js';
import type { S3Credentials } from './auth.js';

/**
 * An S3-compatible server for tests: path-style requests (`/<bucket>/<key>`), every request
 * authenticated with SigV4 against the configured credentials, objects in memory.
 *
 * Why not a package: s3rver (npm, 3.7.1, last published December 2024, little activity since) checks
 * SigV4 only for its one fixed key pair, never looks at x-amz-security-token, keeps objects on disk,
 * and its PutObject ignores If-None-Match / If-Match, S3's conditional writes (2024) that instances
 * claim tasks with. @testcontainers/s3mock needs Docker; mock-s3 and aws-sdk-client-mock mock the SDK
 * in-process, so a bash client cannot reach them.
 *
 * Operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, ListObjectsV2 (prefix, delimiter,
 * start-after, continuation tokens, encoding-type=url), PutObject (If-None-Match: *, If-Match, payload
 * hash, Content-MD5 and x-amz-checksum-crc32/sha256 checks, aws-chunked unsigned-trailer bodies as the
 * AWS SDK sends them), GetObject, HeadObject, DeleteObject. Anything else answers 501 NotImplemented.
 * Bound to 127.0.0.1 on a random port; it closes itself after `maxLifetimeMs`.
 */

export type { S3Credentials } from './auth.js';

export interface S3ServerOptions {
  credentials: S3Credentials[];
  buckets?: string[];
  /** The region requests must be signed for; default us-east-1. */
  region?: string;
  /** Keys per ListObjectsV2 page at most (the request's max-keys can make pages smaller); default 1000. */
  pageSize?: number;
  /** Default 120 s: the server never outlives a test run. */
  maxLifetimeMs?: number;
}

export interface StoredObject {
  key: string;
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
}

export interface S3RecordedRequest {
  method: string;
  /** As it arrived: path and query, percent-encoded. */
  url: string;
  bucket: string | undefined;
  key: string | undefined;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Who signed it, when the signature was good. */
  accessKeyId?: string;
  status?: number;
  errorCode?: string;
}

export interface InjectedFailure {
  method?: string;
  bucket?: string;
  key?: string;
  status: number;
  code: string;
  /** How many matching requests fail; default 1. */
  count?: number;
  /** Carry the request out first and only then answer with the failure, as when an answer is lost on the way back. */
  afterApplying?: boolean;
}

export interface S3Server {
  url: string;
  region: string;
  requests: S3RecordedRequest[];
  /** The bucket's objects in key order. */
  objects(bucket: string): StoredObject[];
  getObject(bucket: string, key: string): StoredObject | undefined;
  /** Seeds an object without a request. */
  putObject(bucket: string, key: string, body: Buffer | string, contentType?: string): void;
  /** The next matching, correctly signed requests fail with this status and code (after authentication, as S3's own 5xx do). */
  failNext(failure: InjectedFailure): void;
  close(): Promise<void>;
}

const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const element = (name: string, value: string | number | boolean) => `<${name}>${escapeXml(String(value))}</${name}>`;
const document = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;

/** encoding-type=url as S3 answers it: form encoding, where a space is `+`. */
const urlEncodeKey = (key: string) =>
  encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');

/** aws-chunked with unsigned chunks: `<hex size>\r\n<data>\r\n` … `0\r\n<trailers>\r\n`. */
function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) throw new S3Error(400, 'IncompleteBody', 'The aws-chunked body ended early.');
    const size = Number.parseInt(body.subarray(at, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw new S3Error(400, 'InvalidChunkSizeError', 'An aws-chunked chunk size is not valid.');
    at = eol + 2;
    if (size === 0) break;
    parts.push(body.subarray(at, at + size));
    at += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.subarray(at).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

function checkDigests(data: Buffer, given: Record<string, string | string[] | undefined>) {
  const want = (name: string) => {
    const value = given[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const md5 = want('content-md5');
  if (md5 !== undefined && md5 !== createHash('md5').update(data).digest('base64')) throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  const sha = want('x-amz-checksum-sha256');
  if (sha !== undefined && sha !== createHash('sha256').update(data).digest('base64')) throw new S3Error(400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.');
  const crc = want('x-amz-checksum-crc32');
  if (crc !== undefined) {
    const computed = Buffer.alloc(4);
    computed.writeUInt32BE(crc32(data));
    if (crc !== computed.toString('base64')) throw new S3Error(400, 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
  }
}

/** S3 orders keys by their UTF-8 bytes. */
const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function validBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..');
}

export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const region = options.region ?? 'us-east-1';
  const pageSize = options.pageSize ?? 1000;
  const buckets = new Map<string, { created: Date; objects: Map<string, StoredObject> }>();
  for (const name of options.buckets ?? []) buckets.set(name, { created: new Date(), objects: new Map() });
  const requests: S3RecordedRequest[] = [];
  const failures: (InjectedFailure & { left: number })[] = [];

  function bucketOf(name: string) {
    const bucket = buckets.get(name);
    if (!bucket) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
    return bucket;
  }

  function store(bucket: string, key: string, body: Buffer, contentType: string, metadata: Record<string, string>): StoredObject {
    const object: StoredObject = { key, body, contentType, etag: `"${createHash('md5').update(body).digest('hex')}"`, lastModified: new Date(), metadata };
    bucketOf(bucket).objects.set(key, object);
    return object;
  }

  function objectHeaders(object: StoredObject): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': object.contentType,
      'content-length': String(object.body.length),
      etag: object.etag,
      'last-modified': object.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
    };
    for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
    return headers;
  }

  function listObjectsV2(name: string, query: Record<string, string>): string {
    const bucket = bucketOf(name);
    const prefix = query['prefix'] ?? '';
    const delimiter = query['delimiter'] ?? '';
    const urlEncoding = query['encoding-type'] === 'url';
    if (query['encoding-type'] !== undefined && !urlEncoding) throw new S3Error(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request');
    const maxKeys = query['max-keys'] === undefined ? 1000 : Number(query['max-keys']);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
    let after = query['start-after'] ?? '';
    // Opaque to clients: the last key returned (`k:`), or the last common prefix (`p:`) whose keys are all skipped.
    let skipPrefix: string | undefined;
    const token = query['continuation-token'];
    if (token !== undefined) {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      if (!/^[kp]:/.test(decoded) || Buffer.from(decoded, 'utf8').toString('base64') !== token) throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect');
      after = decoded.slice(2);
      if (decoded.startsWith('p:')) skipPrefix = after;
    }
    const limit = Math.min(maxKeys, pageSize);
    const contents: StoredObject[] = [];
    const commonPrefixes: string[] = [];
    let next: string | undefined;
    let truncated = false;
    for (const key of [...bucket.objects.keys()].sort(compareKeys)) {
      if (!key.startsWith(prefix) || compareKeys(key, after) <= 0 || (skipPrefix !== undefined && key.startsWith(skipPrefix))) continue;
      const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
      const common = cut < 0 ? undefined : key.slice(0, cut + delimiter.length);
      if (common !== undefined && commonPrefixes.at(-1) === common) continue;
      if (contents.length + commonPrefixes.length >= limit) {
        truncated = true;
        break;
      }
      if (common !== undefined) {
        commonPrefixes.push(common);
        next = `p:${common}`;
      } else {
        contents.push(bucket.objects.get(key) as StoredObject);
        next = `k:${key}`;
      }
    }
    const enc = (text: string) => (urlEncoding ? urlEncodeKey(text) : text);
    const parts = [
      element('Name', name),
      element('Prefix', enc(prefix)),
      ...(delimiter ? [element('Delimiter', enc(delimiter))] : []),
      element('KeyCount', contents.length + commonPrefixes.length),
      element('MaxKeys', maxKeys),
      ...(urlEncoding ? [element('EncodingType', 'url')] : []),
      element('IsTruncated', truncated),
      ...(token !== undefined ? [element('ContinuationToken', token)] : []),
      ...(truncated && next !== undefined ? [element('NextContinuationToken', Buffer.from(next, 'utf8').toString('base64'))] : []),
      ...(query['start-after'] !== undefined ? [element('StartAfter', enc(query['start-after']))] : []),
      ...contents.map(
        (o) =>
          `<Contents>${element('Key', enc(o.key))}${element('LastModified', o.lastModified.toISOString())}${element('ETag', o.etag)}${element('Size', o.body.length)}${element('StorageClass', 'STANDARD')}</Contents>`,
      ),
      ...commonPrefixes.map((p) => `<CommonPrefixes>${element('Prefix', enc(p))}</CommonPrefixes>`),
    ];
    return document(`<ListBucketResult xmlns="${NAMESPACE}">${parts.join('')}</ListBucketResult>`);
  }

  async function putObject(request: IncomingMessage, bucket: string, key: string, payloadHash: string): Promise<StoredObject> {
    bucketOf(bucket);
    if (request.headers['x-amz-copy-source'] !== undefined) throw new S3Error(501, 'NotImplemented', 'CopyObject is not implemented by this server.');
    if (Buffer.byteLength(key, 'utf8') > 1024) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long');
    const raw = await readBody(request);
    let data = raw;
    let trailers: Record<string, string> = {};
    if (payloadHash.startsWith('STREAMING-')) {
      if (payloadHash !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') throw new S3Error(501, 'NotImplemented', `${payloadHash} is not implemented by this server.`);
      ({ data, trailers } = decodeAwsChunked(raw));
      const declared = request.headers['x-amz-decoded-content-length'];
      if (declared !== undefined && Number(declared) !== data.length) throw new S3Error(400, 'IncompleteBody', 'x-amz-decoded-content-length does not match the body.');
    } else if (payloadHash !== 'UNSIGNED-PAYLOAD' && sha256Hex(raw) !== payloadHash) {
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        ClientComputedContentSHA256: payloadHash,
        S3ComputedContentSHA256: sha256Hex(raw),
      });
    }
    checkDigests(data, { ...request.headers, ...trailers });
    // Checked after the body arrived and stored in the same turn of the event loop: two racing
    // conditional PUTs of one key cannot both succeed.
    const existing = buckets.get(bucket)?.objects.get(key);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined) {
      if (ifNoneMatch.trim() !== '*') throw new S3Error(501, 'NotImplemented', 'If-None-Match on PUT only accepts *', { Header: 'If-None-Match' });
      if (existing) throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
    }
    const ifMatch = request.headers['if-match'];
    if (ifMatch !== undefined) {
      if (!existing) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
      if (ifMatch.trim() !== existing.etag && `"${ifMatch.trim()}"` !== existing.etag) {
        throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-Match' });
      }
    }
    const metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice(11)] = value;
    return store(bucket, key, data, request.headers['content-type'] ?? 'binary/octet-stream', metadata);
  }

  async function handle(request: IncomingMessage, response: ServerResponse, recorded: S3RecordedRequest, requestId: string) {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const queryList = parseQuery(q < 0 ? '' : url.slice(q + 1));
    const query = Object.fromEntries(queryList);
    recorded.query = query;
    const slash = rawPath.indexOf('/', 1);
    const bucket = rawPath === '/' ? undefined : uriDecode(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash));
    const key = slash < 0 || slash === rawPath.length - 1 ? undefined : uriDecode(rawPath.slice(slash + 1));
    recorded.bucket = bucket;
    recorded.key = key;

    const verified = verifySigV4({ method, rawPath, query: queryList, headers: request.headers, credentials: options.credentials, region, now: new Date() });
    recorded.accessKeyId = verified.accessKeyId;
    if (!verified.payloadHash.startsWith('STREAMING-') && verified.payloadHash !== 'UNSIGNED-PAYLOAD' && method !== 'PUT') {
      const body = await readBody(request);
      if (sha256Hex(body) !== verified.payloadHash) {
        throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
      }
    }

    const failure = failures.find((f) => f.left > 0 && (f.method ?? method) === method && (f.bucket ?? bucket) === bucket && (f.key ?? key) === key);
    if (failure) failure.left--;
    const injected = failure && new S3Error(failure.status, failure.code, 'Injected failure: please retry.');
    if (injected && !failure.afterApplying) throw injected;

    const send = (status: number, headers: Record<string, string>, body?: string | Buffer) => {
      if (injected) throw injected;
      response.writeHead(status, { 'x-amz-request-id': requestId, ...headers });
      response.end(method === 'HEAD' ? undefined : body);
    };
    const xml = (body: string) => send(200, { 'content-type': 'application/xml' }, body);

    if (bucket === undefined) {
      if (method !== 'GET') throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      const list = [...buckets.entries()].map(([name, b]) => `<Bucket>${element('Name', name)}${element('CreationDate', b.created.toISOString())}</Bucket>`).join('');
      xml(document(`<ListAllMyBucketsResult xmlns="${NAMESPACE}"><Owner><ID>test</ID></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`));
      return;
    }
    const subresources = Object.keys(query).filter(
      (name) => !['list-type', 'prefix', 'delimiter', 'max-keys', 'start-after', 'continuation-token', 'encoding-type', 'fetch-owner', 'x-id'].includes(name),
    );
    if (subresources.length > 0) throw new S3Error(501, 'NotImplemented', `?${subresources.join('&')} is not implemented by this server.`);

    if (key === undefined) {
      switch (method) {
        case 'PUT': {
          if (!validBucketName(bucket)) throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket });
          if (buckets.has(bucket))
            throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: bucket });
          buckets.set(bucket, { created: new Date(), objects: new Map() });
          send(200, { location: `/${bucket}` });
          return;
        }
        case 'HEAD':
          bucketOf(bucket);
          send(200, { 'x-amz-bucket-region': region });
          return;
        case 'DELETE':
          if (bucketOf(bucket).objects.size > 0) throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket });
          buckets.delete(bucket);
          send(204, {});
          return;
        case 'GET':
          if (query['list-type'] !== '2') throw new S3Error(501, 'NotImplemented', 'Only ListObjectsV2 (list-type=2) is implemented by this server.');
          xml(listObjectsV2(bucket, query));
          return;
        default:
          throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      }
    }

    switch (method) {
      case 'PUT': {
        const object = await putObject(request, bucket, key, verified.payloadHash);
        send(200, { etag: object.etag });
        return;
      }
      case 'GET':
      case 'HEAD': {
        const object = bucketOf(bucket).objects.get(key);
        if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
        send(200, objectHeaders(object), object.body);
        return;
      }
      case 'DELETE':
        bucketOf(bucket).objects.delete(key);
        send(204, {});
        return;
      default:
        throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
  }

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const recorded: S3RecordedRequest = { method: request.method ?? 'GET', url: request.url ?? '/', bucket: undefined, key: undefined, query: {}, headers: request.headers };
    requests.push(recorded);
    response.on('finish', () => {
      recorded.status = response.statusCode;
    });
    try {
      await handle(request, response, recorded, requestId);
    } catch (error) {
      const failure = error instanceof S3Error ? error : new S3Error(500, 'InternalError', `We encountered an internal error. Please try again. (${String(error)})`);
      recorded.errorCode = failure.code;
      const resource = request.url?.split('?')[0] ?? '/';
      const extra = Object.entries(failure.extra)
        .map(([name, value]) => element(name, value))
        .join('');
      const body = document(
        `<Error>${element('Code', failure.code)}${element('Message', failure.message)}${extra}${element('Resource', resource)}${element('RequestId', requestId)}</Error>`,
      );
      // Whatever of the body was not read yet is drained, so the client sees the answer rather than a reset.
      request.resume();
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(failure.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
      response.end(request.method === 'HEAD' ? undefined : body);
    }
  }

  const server = await listenOnLoopback(serve, options.maxLifetimeMs ?? 120_000);

  return {
    url: server.url,
    region,
    requests,
    objects: (bucket) => [...bucketOf(bucket).objects.values()].sort((a, b) => compareKeys(a.key, b.key)),
    getObject: (bucket, key) => buckets.get(bucket)?.objects.get(key),
    putObject: (bucket, key, body, contentType = 'binary/octet-stream') => void store(bucket, key, typeof body === 'string' ? Buffer.from(body) : body, contentType, {}),
    failNext: (failure) => void failures.push({ ...failure, left: failure.count ?? 1 }),
    close: server.close,
  };
}
