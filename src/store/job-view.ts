import { indexAtPosition, positionOfIndex, taskJobId } from '../model/array-positions.js';
import type { EventDetail, JobEvent, JobState } from './events.js';
import type { JobRecord } from './job-record.js';

/** One task as its events left it. */
export interface TaskView {
  position: number;
  arrayTaskId: number | null;
  taskJobId: number;
  state: JobState;
  exitCode: string | null;
  reason: string | null;
  startTime: string | null;
  endTime: string | null;
  elapsedSeconds: number | null;
  maxRssKiB: number | null;
  restartCount: number;
  /** Where the task ran, when its events say (cluster jobs). */
  nodeList: string | null;
}

/** A job's current state: its record with its event log folded in. */
export interface JobView {
  record: JobRecord;
  /** Tasks that have started at least once, by position; the others are pending (or never ran). */
  tasks: Map<number, TaskView>;
  /** Positions put back in the queue by a requeue, waiting to start again. */
  requeued: Set<number>;
  held: boolean;
  /** The Job Ended event, once the job is over. */
  ended: EventDetail | null;
  /** Tasks in the job. */
  count: number;
  /** When known without walking the tasks (a queue snapshot): the pending tasks, summed up. */
  pending?: { count: number; indices: string; first: number | null };
}

export function taskCount(record: JobRecord): number {
  return record.job.array?.count ?? 1;
}

export function arrayTaskIdAt(record: JobRecord, position: number): number | null {
  return record.job.array ? indexAtPosition(record.job.array, position) : null;
}

export function positionOf(record: JobRecord, arrayTaskId: number | null): number {
  if (!record.job.array) return arrayTaskId === null ? 0 : -1;
  return arrayTaskId === null ? -1 : positionOfIndex(record.job.array, arrayTaskId);
}

export function taskJobIdAt(record: JobRecord, position: number): number {
  return record.job.array ? taskJobId(record.id, taskCount(record), position) : record.id;
}

function fromDetail(position: number, detail: EventDetail): TaskView {
  return {
    position,
    arrayTaskId: detail.arrayTaskId,
    taskJobId: detail.taskJobId,
    state: detail.state,
    exitCode: detail.exitCode,
    reason: detail.reason,
    startTime: detail.startTime,
    endTime: detail.endTime,
    elapsedSeconds: detail.elapsedSeconds,
    maxRssKiB: detail.maxRssKiB,
    restartCount: detail.restartCount,
    nodeList: detail.nodeList,
  };
}

export function foldJob(record: JobRecord, events: readonly JobEvent[]): JobView {
  const view: JobView = { record, tasks: new Map(), requeued: new Set(), held: record.job.hold, ended: null, count: taskCount(record) };
  for (const event of events) {
    const detail = event.detail;
    switch (event['detail-type']) {
      case 'Task Started':
      case 'Task Ended': {
        const position = positionOf(record, detail.arrayTaskId);
        if (position < 0) break;
        view.tasks.set(position, fromDetail(position, detail));
        view.requeued.delete(position);
        break;
      }
      case 'Task Requeued': {
        const position = positionOf(record, detail.arrayTaskId);
        if (position < 0) break;
        view.tasks.delete(position);
        view.requeued.add(position);
        break;
      }
      case 'Job Held':
        view.held = true;
        break;
      case 'Job Released':
        view.held = false;
        break;
      case 'Job Ended':
        view.ended = detail;
        break;
      default:
        break;
    }
  }
  return view;
}

/** Positions that have not started (or were requeued), in order. */
export function* pendingPositions(view: JobView): Generator<number> {
  if (view.ended) return;
  for (let p = 0; p < view.count; p++) if (!view.tasks.has(p)) yield p;
}

/** The state a task at this position is in, pending ones included. */
export function stateAt(view: JobView, position: number): JobState {
  const task = view.tasks.get(position);
  if (task) return task.state;
  if (view.ended) return view.ended.state === 'COMPLETED' ? 'CANCELLED' : view.ended.state;
  return 'PENDING';
}
