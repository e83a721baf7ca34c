import type { JobState } from '../../store/events.js';

/** One job record of the controller (a plain job, one array task, or an array's pending remainder), whatever the API version. */
export interface RemoteJob {
  jobId: number;
  /** The array's id; null for a job that is not an array. */
  arrayJobId: number | null;
  /** The task's index; null for a plain job and for the pending remainder of an array. */
  arrayTaskId: number | null;
  /** The pending remainder's indices (`4-9%2`); null otherwise. */
  arrayTaskString: string | null;
  name: string;
  user: string;
  partition: string;
  nodes: string | null;
  /** The base state (PENDING, RUNNING, COMPLETED, …); flags such as REQUEUED dropped. */
  state: string;
  reason: string | null;
  /** `N:S` once the job has ended. */
  exitCode: string | null;
  submitTime: number | null;
  startTime: number | null;
  endTime: number | null;
  standardOutput: string | null;
  standardError: string | null;
  workDir: string | null;
  restartCount: number;
  /** CPUs the job holds (running) or asks for (pending). */
  cpus: number | null;
}

type Loose = Record<string, unknown>;

/** A number in any version's shape: plain, or `{set, infinite, number}` (v0.0.40 on). */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null) {
    const v = value as Loose;
    if (v.set === false || v.infinite === true) return null;
    return typeof v.number === 'number' ? v.number : null;
  }
  return null;
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** v0.0.38 gives the raw wait status; later versions split return code and signal. */
function exitCodeOf(value: unknown): string {
  if (typeof value === 'number') return `${(value >> 8) & 0xff}:${value & 0x7f}`;
  if (typeof value === 'object' && value !== null) {
    const v = value as Loose;
    const signal = typeof v.signal === 'object' && v.signal !== null ? numberOf((v.signal as Loose).id) : null;
    return `${numberOf(v.return_code) ?? 0}:${signal ?? 0}`;
  }
  return '0:0';
}

const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'DEADLINE', 'BOOT_FAIL', 'PREEMPTED']);

export function isEndedState(state: string): boolean {
  return ENDED.has(state);
}

/** The job states this tool's events carry; what a cluster has beyond them maps to the nearest. */
export function eventState(state: string): JobState {
  switch (state) {
    case 'PENDING':
    case 'RUNNING':
    case 'COMPLETED':
    case 'FAILED':
    case 'CANCELLED':
    case 'TIMEOUT':
    case 'OUT_OF_MEMORY':
    case 'NODE_FAIL':
    case 'DEADLINE':
      return state;
    case 'BOOT_FAIL':
      return 'NODE_FAIL';
    case 'PREEMPTED':
      return 'CANCELLED';
    case 'SUSPENDED':
    case 'COMPLETING':
    case 'CONFIGURING':
    case 'STOPPED':
    case 'RESIZING':
      return 'RUNNING';
    default:
      return 'PENDING';
  }
}

function baseState(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.toUpperCase() : 'PENDING';
}

/** One entry of a `jobs` list as the controller reports it. */
function remoteJobOf(raw: unknown): RemoteJob | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const j = raw as Loose;
  const jobId = numberOf(j.job_id);
  if (jobId === null) return null;
  const arrayJobId = numberOf(j.array_job_id);
  const isArray = arrayJobId !== null && arrayJobId !== 0;
  const taskString = stringOf(j.array_task_string);
  const taskId = numberOf(j.array_task_id);
  const state = baseState(j.job_state);
  return {
    jobId,
    arrayJobId: isArray ? arrayJobId : null,
    // The pending remainder carries a task string and the "no value" task id.
    arrayTaskId: isArray && taskString === null && taskId !== null && taskId < 0xfffffffe ? taskId : null,
    arrayTaskString: isArray ? taskString : null,
    name: stringOf(j.name) ?? '',
    user: stringOf(j.user_name) ?? '',
    partition: stringOf(j.partition) ?? '',
    nodes: stringOf(j.nodes),
    state,
    reason: stringOf(j.state_reason),
    exitCode: isEndedState(state) ? exitCodeOf(j.exit_code) : null,
    submitTime: numberOf(j.submit_time),
    startTime: numberOf(j.start_time),
    endTime: numberOf(j.end_time),
    standardOutput: stringOf(j.standard_output),
    standardError: stringOf(j.standard_error),
    workDir: stringOf(j.current_working_directory),
    restartCount: numberOf(j.restart_cnt) ?? 0,
    cpus: numberOf(j.cpus),
  };
}

export function remoteJobsOf(body: unknown): RemoteJob[] {
  const list = typeof body === 'object' && body !== null ? (body as Loose).jobs : undefined;
  return Array.isArray(list) ? list.map(remoteJobOf).filter((j): j is RemoteJob => j !== null) : [];
}
