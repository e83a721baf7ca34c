import type { S3Location } from '../../mapping/config/types.js';
import { UsageError } from '../../core/errors.js';

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket/prefix` → bucket and a key prefix that is empty or ends in `/`. */
export function parseS3Url(url: string, option = '--stage'): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new UsageError(`${option} must be an S3 URL such as s3://my-bucket/jobs/, not "${url}"`);
  const bucket = match[1] as string;
  if (!BUCKET.test(bucket)) throw new UsageError(`${option}: "${bucket}" is not a valid S3 bucket name`, 'bucket names are 3 to 63 lower-case letters, digits, dots and hyphens');
  const path = (match[2] as string).replace(/^\/+/, '');
  return { bucket, prefix: path === '' || path.endsWith('/') ? path : `${path}/` };
}

export function s3Url(location: S3Location, name: string): string {
  return `s3://${location.bucket}/${location.prefix}${name}`;
}
