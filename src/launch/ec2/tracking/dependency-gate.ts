import { indexAtPosition } from '../../../model/array-positions.js';
import type { DependencyJob } from '../../../model/schema.js';
import type { JobRecord } from '../../../store/job-record.js';
import { foldJob, type JobView } from '../../../store/job-view.js';
import { JobStore } from '../../../store/store.js';
import { targetPosition, viewProgress } from '../../dependency-targets.js';
import { type DependencyStatus, evaluateDependency, type TargetProgress } from '../../local/dependencies.js';
import { existingEc2Store } from '../ec2-store.js';

/** Whether an EC2 job waiting on its dependency may launch now, and which of its tasks never may. */
export type Gate = { status: 'launch'; neverIndices: number[] } | { status: 'wait' } | { status: 'never' };

/**
 * Slurm's dependency test for an EC2 job, against every job this state directory knows, local or on
 * EC2 (their ids come from one counter). Nothing is launched, and nothing bills, before it passes. For
 * aftercorr each task is tested against its counterpart; the job launches once none is still waiting,
 * without the tasks whose counterpart failed.
 */
export function dependencyGate(stateDir: string, record: JobRecord, now = Date.now()): Gate {
  const dependency = record.job.dependency;
  if (!dependency) return { status: 'launch', neverIndices: [] };
  const stores = [new JobStore(stateDir), existingEc2Store(stateDir)].filter((s): s is JobStore => s !== null);
  const views = new Map<number, JobView | null>();
  const viewOf = (id: number): JobView | null => {
    if (!views.has(id)) {
      let found: JobView | null = null;
      for (const store of stores) {
        const owner = store.ownerOf(id);
        if (owner) {
          found = foldJob(owner, store.readEvents(owner.id));
          break;
        }
      }
      views.set(id, found);
    }
    return views.get(id) ?? null;
  };
  const lookup = (target: DependencyJob, correlated: number | null): TargetProgress | null => {
    const view = viewOf(target.id);
    if (!view) return null;
    const position = targetPosition(view.record, target, correlated);
    return position !== null && position < 0 ? null : viewProgress(view, position);
  };
  const singletonBlocked = stores.some((store) =>
    store.activeJobIds().some((id) => {
      if (id >= record.id) return false;
      const other = store.readRecord(id);
      return other !== null && other.job.name === record.job.name && other.user === record.user;
    }),
  );
  const test = (arrayTaskId: number | null): DependencyStatus => evaluateDependency(dependency, { now, lookup, singletonBlocked, arrayTaskId });
  const whole = test(null);
  if (whole.status !== 'satisfied') return whole.status === 'never' ? { status: 'never' } : { status: 'wait' };
  const array = record.job.array;
  if (!array || !dependency.terms.some((t) => t.type === 'aftercorr')) return { status: 'launch', neverIndices: [] };
  const never: number[] = [];
  for (let position = 0; position < array.count; position++) {
    const index = indexAtPosition(array, position);
    const status = test(index);
    if (status.status === 'waiting') return { status: 'wait' };
    if (status.status === 'never') never.push(index);
  }
  return never.length === array.count ? { status: 'never' } : { status: 'launch', neverIndices: never };
}
