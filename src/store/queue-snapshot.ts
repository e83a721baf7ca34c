import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write.js';
import type { JobRecord } from './job-record.js';
import type { JobView, TaskView } from './job-view.js';
import { lockHolder } from './lock.js';

/** A running task as the queue shows it. */
export interface RunningTaskSnapshot {
  position: number;
  arrayTaskId: number | null;
  taskJobId: number;
  startTime: string;
  restartCount: number;
}

/** One live job as its supervisor sees it now. */
export interface LiveJobSnapshot {
  reason: string;
  held: boolean;
  /** Tasks that have not started: how many, their indices compressed, the first one. */
  pendingCount: number;
  pendingIndices: string;
  firstPending: number | null;
  running: RunningTaskSnapshot[];
}

/**
 * What `queue` shows, written by the supervisor (`queue.json`, atomically, at most a few times a
 * second), so that listing a 100,000-task array does not read its whole event log: squeue asks the
 * controller, not the accounting records, too. Trusted only while the supervisor that wrote it runs.
 */
export interface QueueSnapshot {
  pid: number;
  jobs: Record<string, LiveJobSnapshot>;
}

const path = (stateDir: string) => join(stateDir, 'queue.json');

export function writeQueueSnapshot(stateDir: string, snapshot: QueueSnapshot): void {
  writeFileAtomicSync(path(stateDir), JSON.stringify(snapshot), 0o644, false);
}

/** The snapshot, if the supervisor that wrote it is still running. */
export function readQueueSnapshot(stateDir: string): QueueSnapshot | null {
  try {
    const snapshot = JSON.parse(readFileSync(path(stateDir), 'utf8')) as QueueSnapshot;
    return lockHolder(join(stateDir, 'supervisor.lock')) === snapshot.pid ? snapshot : null;
  } catch {
    return null;
  }
}

/** A job's view from the snapshot: its running tasks and its pending ones, without its finished tasks. */
export function viewFromSnapshot(record: JobRecord, snapshot: LiveJobSnapshot): JobView {
  const tasks = new Map<number, TaskView>();
  for (const task of snapshot.running) {
    tasks.set(task.position, {
      position: task.position,
      arrayTaskId: task.arrayTaskId,
      taskJobId: task.taskJobId,
      state: 'RUNNING',
      exitCode: null,
      reason: null,
      startTime: task.startTime,
      endTime: null,
      elapsedSeconds: null,
      maxRssKiB: null,
      restartCount: task.restartCount,
      nodeList: null,
    });
  }
  return {
    record,
    tasks,
    requeued: new Set(),
    held: snapshot.held,
    ended: null,
    count: record.job.array?.count ?? 1,
    pending: { count: snapshot.pendingCount, indices: snapshot.pendingIndices, first: snapshot.firstPending },
  };
}
