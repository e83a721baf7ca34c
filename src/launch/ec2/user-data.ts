import { gzipSync } from 'node:zlib';
import { SpawnSlurmError } from '../../core/errors.js';
import { shellQuote } from '../shell-quote.js';
import { s3ShellFunctions } from './bootstrap/s3-shell.js';

/** EC2 takes at most 16 KB of user data (before base64). */
const USER_DATA_LIMIT = 16 * 1024;

export interface BootSettings {
  jobId: number;
  bucket: string;
  /** The job's S3 prefix, ending in `/`: the agent and the job's objects live under it. */
  prefix: string;
  /** The bucket's region, when it is not the instance's. */
  bucketRegion?: string;
  /** Minutes from boot until the instance ends itself, whatever happens. */
  ttlMinutes: number;
}

/** Where the instance keeps the job: its agent, bundle and local state. */
const instanceJobDirectory = (jobId: number) => `/var/lib/spawn-slurm/${jobId}`;

/**
 * The user-data script every instance of the job boots with. It carries no credentials: the instance
 * profile's come from IMDSv2. In order: it arms the time-to-live (so a lost client cannot leak cost,
 * even if everything after fails), fetches the job's agent from S3 and runs it; if it cannot, it leaves
 * the reason in S3 under `boot/` and shuts down at once.
 */
export function bootScript(settings: BootSettings): string {
  const dir = instanceJobDirectory(settings.jobId);
  const lines = [
    '#!/bin/bash',
    `# spawn-slurm job ${settings.jobId}: boot (no credentials here: the instance profile gives S3 access through IMDSv2)`,
    `shutdown -h +${Math.max(1, Math.ceil(settings.ttlMinutes))} 'spawn-slurm: the job reached its time-to-live' 2>/dev/null || echo 'spawn-slurm: could not arm the time-to-live' >&2`,
    s3ShellFunctions().trimEnd(),
    `bucket=${shellQuote(settings.bucket)} prefix=${shellQuote(settings.prefix)} dir=\${SPAWN_SLURM_INSTANCE_DIR:-${shellQuote(dir)}}`,
    ...(settings.bucketRegion ? [`export SPAWN_S3_REGION=${shellQuote(settings.bucketRegion)}`] : []),
    'boot_failed() { local id; id=$(imds meta-data/instance-id) || id=unknown; printf "%s\\n" "$1" > "$dir/boot-failure"; s3_put "$bucket" "${prefix}boot/$id.failed" "$dir/boot-failure" text/plain; shutdown -h now; exit 1; }',
    'mkdir -p "$dir" || boot_failed "cannot create $dir"',
    's3_get "$bucket" "${prefix}agent.sh" "$dir/agent.sh" || boot_failed "cannot fetch s3://$bucket/${prefix}agent.sh"',
    // Sourced, not run: the agent uses the S3 functions defined above.
    '. "$dir/agent.sh" "$dir"',
    '',
  ];
  return lines.join('\n');
}

/** The user data as RunInstances takes it: gzip (cloud-init unpacks it) then base64, checked against EC2's limit. */
export function userDataFor(settings: BootSettings): string {
  const packed = gzipSync(Buffer.from(bootScript(settings), 'utf8'), { level: 9 });
  if (packed.length > USER_DATA_LIMIT) {
    throw new SpawnSlurmError('user-data-too-big', `the boot script takes ${packed.length} bytes compressed, above EC2's ${USER_DATA_LIMIT}`, 'use a shorter S3 bucket name or prefix');
  }
  return packed.toString('base64');
}
