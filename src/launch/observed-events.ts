import { join } from 'node:path';
import { compressIndices } from '../model/array-positions.js';
import { appendEvent, jobDetail, makeEvent } from '../store/event-log.js';
import type { DetailType, EventDetail, JobState } from '../store/events.js';
import type { JobRecord } from '../store/job-record.js';
import { arrayTaskIdAt, foldJob } from '../store/job-view.js';
import { tryLock, unlock } from '../store/lock.js';
import type { JobStore } from '../store/store.js';

/**
 * Writing the events of a job that runs elsewhere (a Slurm cluster, EC2) from what is observed of it:
 * one observer at a time per job, stable event ids, and Job Ended summed up from the tasks' events.
 */

/** Orders exit codes as wait(2) statuses: the exit code, then the signal. */
function waitStatus(exitCode: string): number {
  const [code, signal] = exitCode.split(':').map(Number);
  return ((code ?? 0) << 8) | (signal ?? 0);
}

export type Emit = (type: DetailType, key: string, fields: Partial<EventDetail> & Pick<EventDetail, 'state'>) => void;

/** Runs `work` holding the job's observe lock (another observer holding it: nothing is done), with an event writer. */
export function withJobEvents(store: JobStore, record: JobRecord, work: (emit: Emit) => boolean): boolean {
  const lock = join(store.jobDir(record.id), 'observe.lock');
  if (!tryLock(lock)) return false;
  try {
    const log = store.eventLogPath(record.id);
    return work((type, key, fields) => appendEvent(log, makeEvent(store.storeId, type, key, jobDetail(record, fields))));
  } finally {
    unlock(lock);
  }
}

/** Job Ended from the tasks' events: the job's state and worst exit code; tasks that never started count as `unstarted`. */
export function endJob(store: JobStore, record: JobRecord, emit: Emit, end: { endTime: string | null; unstarted: JobState; neverStarted: string | null; reason?: string }): void {
  const after = foldJob(record, store.readEvents(record.id));
  const counts: Partial<Record<JobState, number>> = {};
  let worst = '0:0';
  for (const task of after.tasks.values()) {
    counts[task.state] = (counts[task.state] ?? 0) + 1;
    if (task.exitCode && waitStatus(task.exitCode) > waitStatus(worst)) worst = task.exitCode;
  }
  const unstarted = after.count - after.tasks.size;
  if (unstarted > 0) counts[end.unstarted] = (counts[end.unstarted] ?? 0) + unstarted;
  const states = Object.keys(counts) as JobState[];
  const state: JobState = states.length === 1 && states[0] ? states[0] : (states.find((s) => s !== 'COMPLETED') ?? 'COMPLETED');
  const detail: Partial<EventDetail> & Pick<EventDetail, 'state'> = {
    state,
    exitCode: worst,
    endTime: end.endTime,
    taskCount: after.count,
    states: counts,
    ...(end.reason ? { reason: end.reason } : {}),
  };
  if (record.job.array && unstarted > 0) {
    detail.neverStarted = end.neverStarted ?? compressIndices([...Array(after.count).keys()].filter((p) => !after.tasks.has(p)).map((p) => arrayTaskIdAt(record, p) ?? 0));
  }
  emit('Job Ended', 'ended', detail);
  store.markEnded(record.id);
}

/**
 * Ends every task still running with `fields` (its state, reason, exit code), then the job, tasks that
 * never started counting as `fields.state`: a job that will not be heard from again (forgotten by its
 * controller, or cancelled with its instances).
 */
export function endRunningTasks(store: JobStore, record: JobRecord, fields: Pick<EventDetail, 'state'> & Partial<Pick<EventDetail, 'reason' | 'exitCode' | 'endTime'>>): void {
  withJobEvents(store, record, (emit) => {
    const view = foldJob(record, store.readEvents(record.id));
    if (view.ended) return true;
    for (const task of view.tasks.values()) {
      if (task.state !== 'RUNNING') continue;
      emit('Task Ended', `task-${task.position}-ended-${task.restartCount}`, {
        arrayTaskId: task.arrayTaskId,
        taskJobId: task.taskJobId,
        nodeList: task.nodeList,
        restartCount: task.restartCount,
        startTime: task.startTime,
        ...fields,
      });
    }
    endJob(store, record, emit, { endTime: fields.endTime ?? null, unstarted: fields.state, neverStarted: null });
    return true;
  });
}
