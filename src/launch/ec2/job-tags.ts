import { SpawnSlurmError } from '../../core/errors.js';
import { goDuration } from '../spawn-params/go-duration.js';

/** spawn-slurm's own keys on every instance and volume of a job. */
export const JOB_ID_TAG = 'spawn-slurm:job-id';
/** The store that submitted the job: job ids are per store, and two machines may launch into one account. */
export const STORE_ID_TAG = 'spawn-slurm:store-id';
/** When the instance ends itself whatever happens (RFC 3339), the key spawn itself uses too. */
export const TTL_DEADLINE_TAG = 'spawn:ttl-deadline';

export interface JobTagInput {
  jobId: number;
  name: string;
  user: string;
  /** The array indices the job's instances run (`0-999`), or null for a single task. */
  tasks: string | null;
  ttlMinutes: number;
  launchedAt: Date;
  /** mapping.yaml spawn.tags: the user's own, which never replace spawn-slurm's. */
  extra: Record<string, string>;
}

/** EC2 limits (a value of at most 256 characters, a key of at most 128, no `aws:` keys). */
const fit = (value: string) => value.slice(0, 256);

/**
 * The tags of a job's instances and volumes: spawn-slurm's (job id, tasks, name, user, TTL) and
 * spawn's (`spawn:managed`, `spawn:ttl`, the sweep tags), so `spawn list` shows them and cost
 * allocation by `spawn:managed` counts them.
 */
export function jobTags(input: JobTagInput): Record<string, string> {
  for (const key of Object.keys(input.extra)) {
    if (key.toLowerCase().startsWith('aws:') || key.length > 128) {
      throw new SpawnSlurmError('bad-tag', `mapping.yaml spawn.tags has the key "${key}", which EC2 refuses`, 'keys may not start with aws: and have at most 128 characters');
    }
  }
  const deadline = new Date(input.launchedAt.getTime() + input.ttlMinutes * 60_000);
  return {
    ...Object.fromEntries(Object.entries(input.extra).map(([k, v]) => [k, fit(v)])),
    Name: fit(`${input.name}-${input.jobId}`),
    'spawn:managed': 'true',
    'spawn:ttl': goDuration(input.ttlMinutes),
    [TTL_DEADLINE_TAG]: deadline.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'spawn:sweep-id': `spawn-slurm-${input.jobId}`,
    'spawn:sweep-name': fit(input.name),
    [JOB_ID_TAG]: String(input.jobId),
    'spawn-slurm:name': fit(input.name),
    'spawn-slurm:user': fit(input.user),
    'spawn-slurm:tasks': input.tasks === null ? 'none' : fit(input.tasks),
  };
}
