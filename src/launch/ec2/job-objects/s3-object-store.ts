import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { ObjectStore } from './object-store.js';

export interface S3StoreSettings {
  region: string;
  bucket: string;
  profile?: string;
  /** Default SPAWN_SLURM_S3_ENDPOINT (a test server); path-style addressing then. */
  endpoint?: string;
  credentials?: S3ClientConfig['credentials'];
}

const byteLength = (body: Uint8Array | string) => (typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
const statusOf = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);

/** The only module that loads @aws-sdk/client-s3: callers `await import()` it when they first talk to S3. */
export function s3ObjectStore(settings: S3StoreSettings): ObjectStore & { destroy(): void } {
  const endpoint = settings.endpoint ?? (process.env.SPAWN_SLURM_S3_ENDPOINT || undefined);
  const client = new S3Client({
    region: settings.region,
    // The bucket may live in another region than the instances.
    followRegionRedirects: true,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  const Bucket = settings.bucket;
  return {
    async get(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : Buffer.alloc(0);
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    },
    async put(key, body, contentType) {
      // A known length: the SDK would otherwise warn about a stream of unknown length for an empty body.
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: byteLength(body), ...(contentType ? { ContentType: contentType } : {}) }));
    },
    async putIfAbsent(key, body) {
      try {
        await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: byteLength(body), IfNoneMatch: '*' }));
        return true;
      } catch (error) {
        // 412: the key exists; 409: a concurrent conditional write to it is in flight (S3 says retry, but someone else is winning).
        if (statusOf(error) === 412 || statusOf(error) === 409) return false;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    destroy: () => client.destroy(),
  };
}
