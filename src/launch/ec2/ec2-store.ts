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

/** A job's files beside its record: the launch request, what was launched, the capacity memory. */
export const launchFile = (store: JobStore, jobId: number, name: 'launch.json' | 'launched.json' | 'cooldown.json') => join(store.jobDir(jobId), name);
