import { InputError } from '../../../core/errors.js';
import { indexAtPosition } from '../../../model/array-positions.js';
import type { JobRecord } from '../../../store/job-record.js';
import type { JobStore } from '../../../store/store.js';
import { endRunningTasks } from '../../observed-events.js';
import { terminateInstances } from '../find-instances.js';
import { cancelUnclaimedTasks } from '../job-objects/task-claims.js';
import type { JobClients } from './job-clients.js';
import { instancesOfJob, trackEc2Job } from './track-job.js';

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * scancel for an EC2 job. The whole job: no task can be claimed any more, its instances are terminated
 * by tag, and what ran ends CANCELLED. Named array tasks: those no instance has claimed yet are
 * cancelled; a task already running on an instance cannot be stopped alone (yet), which is said.
 */
export async function cancelEc2Job(store: JobStore, record: JobRecord, arrayTaskIds: number[] | null, clients: JobClients): Promise<void> {
  const ref = record.ec2 as NonNullable<JobRecord['ec2']>;
  const now = new Date();
  const all = record.job.array ? Array.from({ length: record.job.array.count }, (_, p) => indexAtPosition(record.job.array as NonNullable<JobRecord['job']['array']>, p)) : [0];
  const cancelled = await cancelUnclaimedTasks(clients.objects, ref.prefix, arrayTaskIds ?? all, now);
  if (arrayTaskIds !== null) {
    const running = arrayTaskIds.filter((i) => !cancelled.includes(i));
    await trackEc2Job(store, record, { ...clients, replace: false });
    if (running.length > 0) {
      throw new InputError(
        `scancel: error: task(s) ${running.map((i) => `${record.id}_${i}`).join(' ')} already run on an instance (or have ended): an EC2 job's running task cannot be cancelled alone yet`,
        `cancel the whole job: spawn-slurm cancel ${record.id}`,
      );
    }
    return;
  }
  const instances = await instancesOfJob(clients.ec2, store, record);
  await terminateInstances(
    clients.ec2,
    instances.map((i) => i.instanceId),
  );
  // What ended before the instances went is recorded as it ended; the rest is cancelled.
  await trackEc2Job(store, record, { ...clients, replace: false }).catch(() => undefined);
  endRunningTasks(store, record, { state: 'CANCELLED', exitCode: '0:15', endTime: iso(now) });
}
