import { gzipSync } from 'node:zlib';
import { SpawnSlurmError } from '../../core/errors.js';
import { uniqueDelimiter } from './heredoc.js';

/** EC2 takes at most 16 KB of user data. */
const EC2_USER_DATA_LIMIT = 16 * 1024;
/** The older spawn puts its own bootstrap, about 14.6 KB uncompressed, in the same user data (spawn-params.md). */
const SPAWN_BOOTSTRAP_BYTES = Math.ceil(14.6 * 1024);
export const USER_DATA_BUDGET = EC2_USER_DATA_LIMIT - SPAWN_BOOTSTRAP_BYTES;

/** The user data saves the bundle here as root at boot; the row's command runs it as the launching user. */
export function userDataBundlePath(jobId: number): string {
  return `/var/tmp/spawn-slurm/${jobId}.sh`;
}

/** Bash that writes the bundle to `path`, through a temporary name so a reader never sees half of it. */
function saveBundle(path: string, decode: 'cat' | 'unpack', body: string): string {
  const delimiter = uniqueDelimiter(body, 'SPAWN_SLURM_BUNDLE');
  const write = decode === 'cat' ? `cat <<'${delimiter}' > ${path}.tmp` : `base64 -d <<'${delimiter}' | gunzip > ${path}.tmp`;
  return `#!/bin/bash\nmkdir -p ${path.slice(0, path.lastIndexOf('/'))}\n${write}\n${body}${delimiter}\nchmod 644 ${path}.tmp && mv ${path}.tmp ${path}\n`;
}

/**
 * The user-data script carrying the bundle: as plain text, or gzip+base64 when that is smaller.
 * Fails when it does not fit beside spawn's own bootstrap.
 */
export function userDataScript(bundle: string, jobId: number): string {
  const path = userDataBundlePath(jobId);
  const plain = saveBundle(path, 'cat', bundle);
  const packed = gzipSync(Buffer.from(bundle, 'utf8'), { level: 9 })
    .toString('base64')
    .replace(/.{1,76}/g, '$&\n');
  const compressed = saveBundle(path, 'unpack', packed);
  const smaller = Buffer.byteLength(compressed) < Buffer.byteLength(plain) ? compressed : plain;
  const size = Buffer.byteLength(smaller);
  if (size > USER_DATA_BUDGET) {
    throw new SpawnSlurmError(
      'user-data-too-big',
      `the job bundle needs ${size} bytes of user data (compressed), but spawn leaves only ${USER_DATA_BUDGET} of EC2's ${EC2_USER_DATA_LIMIT}: its own bootstrap takes about 14.6 KB`,
      'send the bundle through S3 instead: --stage s3://bucket/prefix (or storage.s3 in mapping.yaml), with an iam_role that can read the bucket',
    );
  }
  return smaller;
}
