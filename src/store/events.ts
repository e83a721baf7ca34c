/**
 * The job event: one shape for every backend, EventBridge's own (docs/event-log.md), so an event can go
 * unchanged to a local log, Amazon EventBridge or a webhook, and rules match it with EventBridge patterns.
 * Types only: readers and writers import the event-log module.
 */

export const EVENT_SOURCE = 'spawn-slurm';
export const EVENT_FORMAT_VERSION = 1;

/**
 * Slurm's job states, plus UNKNOWN: a cluster job the controller forgot (MinJobAge) before it was seen
 * to end, on a cluster without accounting to ask.
 */
export type JobState = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TIMEOUT' | 'OUT_OF_MEMORY' | 'NODE_FAIL' | 'DEADLINE' | 'UNKNOWN';

export type DetailType = 'Job Submitted' | 'Task Started' | 'Task Ended' | 'Task Requeued' | 'Job Held' | 'Job Released' | 'Job Ended';

export interface EventDetail {
  /** The id `submit` printed: for an array, the array's (master) id. */
  jobId: number;
  /** The array index, or null for a job that is not an array. */
  arrayTaskId: number | null;
  /** The task's own Slurm job id (SLURM_JOB_ID inside it); for the whole job, the job id. */
  taskJobId: number;
  name: string;
  user: string;
  partition: string;
  backend: string;
  state: JobState;
  /** sacct's ExitCode, `exit:signal` (`3:0`, `0:9`); null until the task or job has ended. */
  exitCode: string | null;
  /** Why a job is waiting or how it ended (TimeLimit, DependencyNeverSatisfied, NodeFail, …). */
  reason: string | null;
  /** ISO times; null when not (yet) known. */
  submitTime: string;
  startTime: string | null;
  endTime: string | null;
  elapsedSeconds: number | null;
  /** Peak resident memory of the task in KiB, where the backend can measure it. */
  maxRssKiB: number | null;
  nodeList: string | null;
  restartCount: number;
  /** Job Submitted: the number of tasks. Job Ended: tasks per final state, and the indices that never started. */
  taskCount?: number;
  states?: Partial<Record<JobState, number>>;
  neverStarted?: string;
  workDir?: string;
  stdout?: string;
  stderr?: string;
  /** The format version of this detail object. */
  version: number;
}

export interface JobEvent {
  version: '0';
  /** Unique and stable: the same transition always has the same id, so a consumer can drop repeats. */
  id: string;
  'detail-type': DetailType;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: EventDetail;
}
