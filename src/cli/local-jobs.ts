import { indexAtPosition } from '../model/array-positions.js';
import { ensureSupervisor } from '../launch/local/supervisor-process.js';
import { foldJob, type JobView } from '../store/job-view.js';
import { type QueueSnapshot, readQueueSnapshot, viewFromSnapshot } from '../store/queue-snapshot.js';
import { stateDirectory } from '../store/state-dir.js';
import { JobStore } from '../store/store.js';

/**
 * The store, for commands that read or change jobs. Any such command notices a supervisor that died
 * with work left (kill -9, a reboot) and starts a new one, which recovers the jobs.
 */
export function openStore(): JobStore {
  const store = new JobStore(stateDirectory());
  if (store.activeJobIds().length > 0) ensureSupervisor(store);
  return store;
}

export function loadView(store: JobStore, id: number): JobView | null {
  const record = store.readRecord(id);
  return record ? foldJob(record, store.readEvents(id)) : null;
}

/** Why each pending job waits, as the running supervisor last saw it. */
export function readReasons(store: JobStore): Record<string, string> {
  const snapshot = readQueueSnapshot(store.root);
  return Object.fromEntries(Object.entries(snapshot?.jobs ?? {}).map(([id, job]) => [id, job.reason]));
}

/**
 * A live job as `queue` shows it: from the supervisor's snapshot when it has one (no event log is
 * read), else folded from the events.
 */
export function liveView(store: JobStore, id: number, snapshot: QueueSnapshot | null): JobView | null {
  const live = snapshot?.jobs[id];
  const record = live ? store.readRecord(id) : null;
  return live && record ? viewFromSnapshot(record, live) : loadView(store, id);
}

/** `12`, `12_3`, `12_[1-3,5]`: the job and the array indices named (null: the whole job). */
export interface JobSelector {
  id: number;
  arrayTaskIds: number[] | null;
}

export function parseJobSelector(text: string): JobSelector | null {
  const m = /^(\d+)(?:_(\d+|\[([\d,-]+)\]))?$/.exec(text.trim());
  if (!m) return null;
  const id = Number(m[1]);
  if (m[2] === undefined) return { id, arrayTaskIds: null };
  if (m[3] === undefined) return { id, arrayTaskIds: [Number(m[2])] };
  const indices: number[] = [];
  for (const part of m[3].split(',')) {
    const [from, to] = part.split('-').map(Number) as [number, number | undefined];
    if (!Number.isInteger(from) || (to !== undefined && !Number.isInteger(to))) return null;
    for (let i = from; i <= (to ?? from); i++) indices.push(i);
  }
  return { id, arrayTaskIds: indices };
}

/**
 * The job a selector names, allowing a task's own job id (`scancel 15` for the task that ran as job
 * 15): returns the job's view and the array indices meant.
 */
export function resolveSelector(store: JobStore, selector: JobSelector): { view: JobView; arrayTaskIds: number[] | null } | null {
  const record = store.ownerOf(selector.id);
  if (!record) return null;
  const view = foldJob(record, store.readEvents(record.id));
  if (record.id === selector.id || !record.job.array) return { view, arrayTaskIds: selector.arrayTaskIds };
  if (selector.arrayTaskIds !== null) return null;
  // The last task runs under the master id, the others under master+1+position.
  const position = selector.id - record.id - 1;
  if (position < 0 || position >= record.job.array.count - 1) return null;
  return { view, arrayTaskIds: [indexAtPosition(record.job.array, position)] };
}
