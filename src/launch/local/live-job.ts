import { compressIndices } from '../../model/array-positions.js';
import { jobDetail } from '../../store/event-log.js';
import type { EventDetail, JobState } from '../../store/events.js';
import type { JobRecord } from '../../store/job-record.js';
import { arrayTaskIdAt, taskCount, taskJobIdAt, type JobView } from '../../store/job-view.js';
import type { TargetProgress } from './dependencies.js';
import type { EndedBy } from './task-outcome.js';

const STATES: readonly JobState[] = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'DEADLINE'];
const CODE = new Map(STATES.map((s, i) => [s, i]));
const PENDING = 0;
const COMPLETED = 2;

/** A task the supervisor started and is watching. */
export interface RunningTask {
  position: number;
  arrayTaskId: number | null;
  taskJobId: number;
  pid: number;
  startMs: number;
  restartCount: number;
  gpus: number[];
  cgroup: string | null;
  /** Its error file, where slurmstepd's notices go. */
  stderr: string;
  timers: NodeJS.Timeout[];
  endedBy: EndedBy;
}

/**
 * A job the supervisor looks after, in memory: one byte of state per task (so a 100,000-task array
 * costs 100 KB, however many tasks have finished), the tasks running now, and counters. Tasks start
 * in position order; requeued ones go first.
 */
export class LiveJob {
  readonly count: number;
  private readonly states: Uint8Array;
  private cursor = 0;
  private readonly requeued: number[] = [];
  readonly running = new Map<number, RunningTask>();
  readonly restarts = new Map<number, number>();
  held: boolean;
  /** scancel of the whole job: no pending task starts again, and the job ends when the running ones have. */
  cancelRequested = false;
  /** What the tasks that never start end as: CANCELLED, or DEADLINE when --deadline can no longer be met. */
  unstartedState: JobState = 'CANCELLED';
  endedCount = 0;
  private badCount = 0;
  private leftPendingCount = 0;
  lastStartMs: number | null = null;
  reason = 'None';
  readonly stateCounts = new Map<JobState, number>();
  /** A feed-only job's fed positions: only these may start. null: every task may. */
  readonly fed: Set<number> | null;
  /** The most severe task exit, for the Job Ended event and sbatch --wait. */
  worstExit: { exitCode: string; status: number } | null = null;

  constructor(
    readonly record: JobRecord,
    view: JobView,
    fedPositions: Iterable<number> = [],
  ) {
    this.count = taskCount(record);
    this.fed = record.feedOnly ? new Set(fedPositions) : null;
    this.states = new Uint8Array(this.count);
    this.held = view.held;
    for (const [position, task] of view.tasks) {
      this.setState(position, task.state);
      if (task.restartCount > 0) this.restarts.set(position, task.restartCount);
      if (task.startTime) this.lastStartMs = Math.max(this.lastStartMs ?? 0, Date.parse(task.startTime));
    }
    for (const position of view.requeued) this.requeue(position);
  }

  get id(): number {
    return this.record.id;
  }

  stateAt(position: number): JobState {
    return STATES[this.states[position] ?? 0] as JobState;
  }

  /** Records a task's new state and keeps the counters in step. */
  setState(position: number, state: JobState): void {
    const before = this.states[position] ?? PENDING;
    const after = CODE.get(state) ?? PENDING;
    if (before === PENDING && after !== PENDING) this.leftPendingCount++;
    if (before >= COMPLETED) {
      this.endedCount--;
      if (before !== COMPLETED) this.badCount--;
      // A task that ends again (a requeue's second end) counts once, in its last state.
      const was = STATES[before] as JobState;
      this.stateCounts.set(was, (this.stateCounts.get(was) ?? 1) - 1);
      if (this.stateCounts.get(was) === 0) this.stateCounts.delete(was);
    }
    if (after >= COMPLETED) {
      this.endedCount++;
      if (after !== COMPLETED) this.badCount++;
      this.stateCounts.set(state, (this.stateCounts.get(state) ?? 0) + 1);
    }
    this.states[position] = after;
  }

  requeue(position: number): void {
    if (this.states[position] !== PENDING) {
      this.states[position] = PENDING;
      this.leftPendingCount--;
    }
    this.requeued.push(position);
  }

  hasPending(): boolean {
    return !this.cancelRequested && this.leftPendingCount < this.count;
  }

  /** The next position to start, or null; `accept` may skip positions (aftercorr waits per task), and a feed-only job starts only fed ones. */
  nextPending(acceptAlso: (position: number) => boolean = () => true): number | null {
    const fed = this.fed;
    const accept = fed === null ? acceptAlso : (position: number) => fed.has(position) && acceptAlso(position);
    for (let i = 0; i < this.requeued.length; i++) {
      const position = this.requeued[i] as number;
      if (this.states[position] === PENDING && accept(position)) return position;
    }
    while (this.cursor < this.count && this.states[this.cursor] !== PENDING) this.cursor++;
    for (let p = this.cursor; p < this.count; p++) {
      if (this.states[p] === PENDING && accept(p)) return p;
    }
    return null;
  }

  markStarted(position: number, task: RunningTask): void {
    const at = this.requeued.indexOf(position);
    if (at >= 0) this.requeued.splice(at, 1);
    this.setState(position, 'RUNNING');
    this.running.set(position, task);
    this.lastStartMs = task.startMs;
  }

  /** Positions still pending, in order (for a cancel and the final event). */
  *pendingPositions(): Generator<number> {
    for (let p = 0; p < this.count; p++) if (this.states[p] === PENDING) yield p;
  }

  /** The pending tasks: how many, their indices compressed, the first index (for the queue). */
  pendingSummary(): { count: number; indices: string; first: number | null } {
    if (this.cancelRequested) return { count: 0, indices: '', first: null };
    const indices = [...this.pendingPositions()].map((p) => this.arrayTaskIdAt(p) ?? 0);
    return { count: indices.length, indices: compressIndices(indices), first: indices[0] ?? null };
  }

  isFinished(): boolean {
    return this.running.size === 0 && (this.endedCount === this.count || this.cancelRequested);
  }

  /** Dependency progress of the whole job, or of the task at one position. */
  progress(position: number | null): TargetProgress {
    if (position !== null) {
      const code = this.states[position] ?? PENDING;
      return { allStarted: code !== PENDING, lastStartMs: this.lastStartMs, allEnded: code >= COMPLETED, anyEndedBadly: code > COMPLETED };
    }
    const over = this.isFinished();
    return {
      allStarted: over || this.leftPendingCount === this.count,
      lastStartMs: this.lastStartMs,
      allEnded: over || this.endedCount === this.count,
      anyEndedBadly: this.badCount > 0 || (over && this.endedCount < this.count),
    };
  }

  arrayTaskIdAt(position: number): number | null {
    return arrayTaskIdAt(this.record, position);
  }

  taskJobIdAt(position: number): number {
    return taskJobIdAt(this.record, position);
  }

  /** The fields every event of this job carries. */
  detail(fields: Partial<EventDetail> & Pick<EventDetail, 'state'>): EventDetail {
    return jobDetail(this.record, fields);
  }
}
