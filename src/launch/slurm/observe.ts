import { endJob, endRunningTasks, withJobEvents } from '../observed-events.js';
import type { JobRecord } from '../../store/job-record.js';
import { foldJob, positionOf } from '../../store/job-view.js';
import type { JobStore } from '../../store/store.js';
import { TaskFileNames } from '../task-script/output-files.js';
import { eventState, isEndedState, type RemoteJob } from './remote-job.js';

function iso(epochSeconds: number | null): string | null {
  return epochSeconds && epochSeconds > 0 ? new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** The task's output and error files, named as slurmstepd names them on its node. */
function filesOf(record: JobRecord, task: RemoteJob): { stdout: string; stderr: string } {
  const node = task.nodes ?? '';
  const files = new TaskFileNames({ ...record, node: { ...record.node, nodeName: node, hostName: node } }).forTask(task.arrayTaskId, task.jobId);
  return { stdout: files.stdout, stderr: files.stderr };
}

/** The task records of a job as the controller lists them: one per started task (or the plain job). */
function taskRecords(record: JobRecord, remote: readonly RemoteJob[]): RemoteJob[] {
  return remote.filter((r) => (record.job.array ? r.arrayTaskId !== null : r.arrayTaskString === null));
}

/** The controller's word on why the job (its pending part) waits. */
export function pendingReason(record: JobRecord, remote: readonly RemoteJob[]): string | null {
  const waiting = remote.find((r) => r.state === 'PENDING' && (record.job.array ? r.arrayTaskString !== null || r.arrayTaskId !== null : true));
  return waiting?.reason ?? null;
}

/**
 * Turns what the controller reports about a job into the job's events, the same ones the local
 * backend writes: Task Started when a task is first seen running, Task Ended when first seen ended,
 * Job Ended once nothing is left to run. Each transition is written once (a lock keeps two observers
 * from both writing it; event ids are stable). Returns true when the job has ended.
 */
export function observeJob(store: JobStore, record: JobRecord, remote: readonly RemoteJob[]): boolean {
  if (remote.length === 0) return false;
  return withJobEvents(store, record, (emit) => {
    const view = foldJob(record, store.readEvents(record.id));
    if (view.ended) return true;
    for (const task of taskRecords(record, remote)) {
      const position = positionOf(record, task.arrayTaskId);
      if (position < 0) continue;
      const seen = view.tasks.get(position);
      const state = eventState(task.state);
      const common = {
        arrayTaskId: task.arrayTaskId,
        taskJobId: task.jobId,
        partition: task.partition || record.partition,
        nodeList: task.nodes,
        restartCount: task.restartCount,
        startTime: iso(task.startTime),
      };
      const ended = isEndedState(task.state);
      // A task that started and ended between two looks still gets its Task Started (with its files).
      if (!seen && (state === 'RUNNING' || (ended && task.startTime && task.nodes)))
        emit('Task Started', `task-${position}-started-${task.restartCount}`, { ...common, state: 'RUNNING', ...filesOf(record, task) });
      if (ended && (!seen || seen.state === 'RUNNING')) {
        const elapsed = task.startTime && task.endTime ? Math.max(0, task.endTime - task.startTime) : 0;
        emit('Task Ended', `task-${position}-ended-${task.restartCount}`, {
          ...common,
          state,
          exitCode: task.exitCode ?? '0:0',
          reason: task.reason === 'None' ? null : task.reason,
          endTime: iso(task.endTime),
          elapsedSeconds: elapsed,
        });
      }
    }
    if (!remote.every((r) => isEndedState(r.state))) return false;
    const remainder = remote.find((r) => r.arrayTaskString !== null);
    endJob(store, record, emit, {
      endTime: iso(Math.max(0, ...remote.map((r) => r.endTime ?? 0))),
      unstarted: 'CANCELLED',
      neverStarted: remainder?.arrayTaskString?.replace(/%\d+$/, '') ?? null,
    });
    return true;
  });
}

/** Why a forgotten job's unfinished tasks are UNKNOWN. */
const FORGOTTEN = 'NotInController';

/**
 * A job the controller no longer knows (it purges ended jobs after MinJobAge) that was never seen to
 * end, on a cluster without accounting to ask: its unfinished tasks, and the job, end UNKNOWN, so that
 * it leaves the queue instead of showing as running for ever.
 */
export function observeForgotten(store: JobStore, record: JobRecord): void {
  endRunningTasks(store, record, { state: 'UNKNOWN', reason: FORGOTTEN });
}
