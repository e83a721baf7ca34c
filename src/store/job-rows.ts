import { compressIndices } from '../model/array-positions.js';
import type { JobState } from './events.js';
import { arrayTaskIdAt, pendingPositions, type JobView } from './job-view.js';

/** One line of a queue or history listing: a task, a job, or an array's pending tasks folded into one. */
export interface JobRow {
  /** As squeue and sacct print it: `12`, `12_3`, `12_[4-9%2]`. */
  jobId: string;
  /** The job's (array master) id. */
  arrayJobId: number;
  /** The index; null for a plain job and for a folded pending row. */
  arrayTaskId: number | null;
  /** The folded indices (`4-9`) of a pending row of an array. */
  pendingIndices: string | null;
  /** The task's own job id. */
  taskJobId: number;
  name: string;
  user: string;
  partition: string;
  state: JobState;
  reason: string | null;
  exitCode: string | null;
  submitTime: string;
  startTime: string | null;
  endTime: string | null;
  elapsedSeconds: number;
  timeLimitMinutes: number | 'unlimited' | null;
  nodes: number;
  nodeList: string | null;
  cpus: number;
  maxRssKiB: number | null;
  workDir: string;
}

function seconds(from: string | null, to: number): number {
  return from ? Math.max(0, Math.round((to - Date.parse(from)) / 1000)) : 0;
}

/**
 * The rows of one job, tasks in index order: started tasks one each; tasks that never started folded
 * into one row per job (pending, or cancelled before they ran), as squeue and sacct show arrays.
 */
/** The pending tasks of a job: how many, their indices compressed, the first index. */
function pendingOf(view: JobView): { count: number; indices: string; first: number | null } {
  if (view.pending) return view.pending;
  const indices = [...pendingPositions(view)].map((p) => arrayTaskIdAt(view.record, p) ?? 0);
  return { count: indices.length, indices: compressIndices(indices), first: indices[0] ?? null };
}

export function jobRows(view: JobView, reasons: Record<string, string>, now = Date.now()): JobRow[] {
  const record = view.record;
  const job = record.job;
  const base = {
    arrayJobId: record.id,
    name: job.name,
    user: record.user,
    partition: record.partition,
    submitTime: record.submitTime,
    timeLimitMinutes: job.timeLimitMinutes,
    nodes: 1,
    cpus: record.request.cpus,
    workDir: record.workDir,
  };
  const rows: JobRow[] = [];
  const waiting = pendingOf(view);
  const neverStarted = view.ended?.neverStarted ?? (view.ended && !job.array && view.tasks.size === 0 ? '' : null);
  if (waiting.count > 0 || neverStarted !== null) {
    const indices = waiting.count > 0 ? waiting.indices : (neverStarted ?? '');
    const single = job.array !== null && waiting.count === 1 ? waiting.first : null;
    const throttle = job.array?.maxRunning ? `%${job.array.maxRunning}` : '';
    const jobId = !job.array ? String(record.id) : single !== null ? `${record.id}_${single}` : `${record.id}_[${indices}${throttle}]`;
    const ended = view.ended;
    rows.push({
      ...base,
      jobId,
      arrayTaskId: single,
      pendingIndices: job.array ? indices : null,
      taskJobId: record.id,
      state: ended ? (ended.state === 'COMPLETED' ? 'CANCELLED' : ended.state) : 'PENDING',
      reason: ended ? ended.reason : (reasons[record.id] ?? (view.held ? 'JobHeldUser' : 'None')),
      exitCode: ended ? '0:0' : null,
      startTime: null,
      endTime: ended?.endTime ?? null,
      elapsedSeconds: 0,
      nodeList: null,
      maxRssKiB: null,
    });
  }
  const started = [...view.tasks.values()].sort((a, b) => a.position - b.position);
  for (const task of started) {
    const running = task.state === 'RUNNING';
    rows.push({
      ...base,
      jobId: task.arrayTaskId === null ? String(record.id) : `${record.id}_${task.arrayTaskId}`,
      arrayTaskId: task.arrayTaskId,
      pendingIndices: null,
      taskJobId: task.taskJobId,
      state: task.state,
      reason: task.reason,
      exitCode: task.exitCode,
      startTime: task.startTime,
      endTime: task.endTime,
      elapsedSeconds: running ? seconds(task.startTime, now) : (task.elapsedSeconds ?? 0),
      nodeList: task.nodeList ?? record.node.nodeName,
      maxRssKiB: task.maxRssKiB,
    });
  }
  return rows;
}

/** squeue's and sacct's short state codes. */
export const STATE_CODES: Record<JobState, string> = {
  PENDING: 'PD',
  RUNNING: 'R',
  COMPLETED: 'CD',
  FAILED: 'F',
  CANCELLED: 'CA',
  TIMEOUT: 'TO',
  OUT_OF_MEMORY: 'OOM',
  NODE_FAIL: 'NF',
  DEADLINE: 'DL',
  UNKNOWN: 'UN',
};
