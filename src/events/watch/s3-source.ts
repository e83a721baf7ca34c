import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { ObjectSource, ObservedObject } from './observed-object.js';

/**
 * The objects under an S3 prefix, through ListObjectsV2. Loaded with `await import()` only for an
 * s3:// target, so watching a directory never loads the AWS SDK. Credentials come from the SDK's
 * standard chain; SPAWN_SLURM_S3_ENDPOINT points it at another S3 (a test server), path-style, as the
 * EC2 backend's object store does.
 */
export function s3Source(bucket: string, prefix: string, env: NodeJS.ProcessEnv = process.env): ObjectSource {
  const endpoint = env.SPAWN_SLURM_S3_ENDPOINT || undefined;
  const client = new S3Client({
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    // The bucket may live in another region than the default one.
    followRegionRedirects: true,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
  return {
    async list() {
      const objects: ObservedObject[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ...(prefix ? { Prefix: prefix } : {}), ...(token ? { ContinuationToken: token } : {}) }));
        for (const item of page.Contents ?? []) {
          if (item.Key === undefined || item.Key.endsWith('/')) continue;
          const modified = item.LastModified ?? new Date(0);
          const etag = (item.ETag ?? '').replace(/^"|"$/g, '');
          objects.push({
            key: item.Key,
            size: item.Size ?? 0,
            modified,
            etag,
            fingerprint: `${etag}:${item.Size ?? 0}:${modified.toISOString()}`,
            sequencer: modified.getTime().toString(16).toUpperCase().padStart(18, '0'),
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return objects;
    },
    etag: async (object) => object.etag ?? null,
    settles: false,
    close: () => client.destroy(),
  };
}
