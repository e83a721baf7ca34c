import type { Ec2Api } from './ec2-client.js';
import { describeJobInstances, type FoundInstance } from './find-instances.js';
import { JOB_ID_TAG, TTL_DEADLINE_TAG } from './job-tags.js';

export interface Leftover {
  instance: FoundInstance;
  jobId: number | null;
  reason: string;
}

/**
 * The instances of spawn-slurm jobs that nothing should be paying for: past their time-to-live (they
 * should have ended themselves), or of a job this machine has no record of. Instances of another
 * user's job are left alone: its record is on their machine.
 */
export async function findLeftovers(client: Ec2Api, options: { now: Date; user: string; hasRecord: (jobId: number) => boolean }): Promise<Leftover[]> {
  const found = await describeJobInstances(client, {
    filters: [
      { Name: 'tag-key', Values: [JOB_ID_TAG] },
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
    ],
  });
  const leftovers: Leftover[] = [];
  for (const instance of found) {
    const jobId = Number(instance.tags[JOB_ID_TAG]);
    const known = Number.isInteger(jobId) ? jobId : null;
    const deadline = Date.parse(instance.tags[TTL_DEADLINE_TAG] ?? '');
    if (Number.isFinite(deadline) && deadline < options.now.getTime()) {
      leftovers.push({ instance, jobId: known, reason: `past its time-to-live (${instance.tags[TTL_DEADLINE_TAG]})` });
    } else if (instance.tags['spawn-slurm:user'] === options.user && (known === null || !options.hasRecord(known))) {
      leftovers.push({ instance, jobId: known, reason: known === null ? 'no job id' : `job ${known} has no record here` });
    }
  }
  return leftovers;
}
