import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JobStore } from '../../store/store.js';

/**
 * EC2 jobs live in a store of their own beside the local one (no local supervisor runs them), but take
 * their ids from the local counter: an id names one job, whichever backend runs it.
 */
/** How queue, history and cancel name the EC2 jobs' source (`--cluster ec2`). */
export const EC2_SOURCE = 'ec2';

export function openEc2Store(stateDir: string): JobStore {
  return new JobStore(join(stateDir, 'ec2'));
}

/** The EC2 store, if a job was ever submitted to EC2 from this state directory (opening it creates it). */
export function existingEc2Store(stateDir: string): JobStore | null {
  return existsSync(join(stateDir, 'ec2', 'jobs')) ? openEc2Store(stateDir) : null;
}

/**
 * A job's files beside its record: the launch request, what was launched, the capacity memory, each
 * batch's time-to-live deadline, and the
 * lock its submit holds while it is still putting the job in S3 and launching (trackers keep off).
 */
export const launchFile = (store: JobStore, jobId: number, name: 'launch.json' | 'launched.json' | 'cooldown.json' | 'deadlines.json' | 'submit.lock') => join(store.jobDir(jobId), name);
