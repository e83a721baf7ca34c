import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../../core/errors.js';

/** What `events watch` looks at: a local directory (recursively) or the objects of an S3 bucket under a prefix. */
export type WatchTarget = { kind: 'directory'; path: string; label: string } | { kind: 's3'; bucket: string; prefix: string; label: string };

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseWatchTarget(text: string, cwd: string): WatchTarget {
  if (/^s3:\/\//i.test(text)) {
    const [bucket = '', ...rest] = text.slice('s3://'.length).split('/');
    if (!BUCKET_NAME.test(bucket)) throw new UsageError(`${text}: "${bucket}" is not an S3 bucket name`, 'give s3://BUCKET or s3://BUCKET/PREFIX, e.g. s3://lab-data/incoming/');
    const prefix = rest.join('/');
    return { kind: 's3', bucket, prefix, label: `s3://${bucket}/${prefix}` };
  }
  const path = resolve(cwd, text);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new InputError(`cannot watch ${text}: ${error instanceof Error ? error.message : String(error)}`, 'give an existing directory, or s3://BUCKET/PREFIX');
  }
  if (!isDirectory) throw new InputError(`cannot watch ${text}: it is not a directory`, 'give the directory the files arrive in, or s3://BUCKET/PREFIX');
  return { kind: 'directory', path, label: path };
}
