import type { DependencyJob } from '../model/schema.js';
import type { JobRecord } from '../store/job-record.js';
import { type JobView, positionOf, stateAt } from '../store/job-view.js';
import type { TargetProgress } from './local/dependencies.js';

/**
 * The task of `record` a dependency names: its position, null for the whole job, or -1 for a task the
 * job does not have. The id may be one task's own job id; otherwise `id_N` names a task, `id_*` or `id`
 * the whole job, and aftercorr the task correlated with the one about to start.
 */
export function targetPosition(record: JobRecord, target: DependencyJob, correlatedTask: number | null): number | null {
  if (target.id !== record.id) return target.id - record.id - 1;
  if (typeof target.task === 'number') return positionOf(record, target.task);
  if (correlatedTask !== null && record.job.array) {
    const p = positionOf(record, correlatedTask);
    return p >= 0 ? p : null;
  }
  return null;
}

const startMs = (time: string | null | undefined) => (time ? Date.parse(time) : null);

/** Dependency progress of a job this process only knows from its events (ended, or run by another backend). */
export function viewProgress(view: JobView, position: number | null): TargetProgress {
  if (view.ended) {
    if (position !== null) return { allStarted: true, lastStartMs: null, allEnded: true, anyEndedBadly: stateAt(view, position) !== 'COMPLETED' };
    const bad = view.ended.states ? Object.entries(view.ended.states).some(([s, n]) => s !== 'COMPLETED' && (n ?? 0) > 0) : true;
    return { allStarted: true, lastStartMs: startMs(view.ended.endTime), allEnded: true, anyEndedBadly: bad };
  }
  const tasks = position === null ? [...view.tasks.values()] : [view.tasks.get(position)].filter((t) => t !== undefined);
  const wanted = position === null ? view.count : 1;
  const ended = tasks.filter((t) => t.state !== 'RUNNING');
  const starts = tasks.map((t) => startMs(t.startTime)).filter((ms): ms is number => ms !== null);
  return {
    allStarted: tasks.length === wanted,
    lastStartMs: starts.length > 0 ? Math.max(...starts) : null,
    allEnded: ended.length === wanted,
    anyEndedBadly: ended.some((t) => t.state !== 'COMPLETED'),
  };
}
