import { EVENT_FORMAT_VERSION, EVENT_SOURCE, type JobEvent, type JobState } from '../../store/events.js';

/** What slurmctld says in a PrologSlurmctld/EpilogSlurmctld environment ("(null)" is Slurm's nothing). */
const value = (env: NodeJS.ProcessEnv, name: string) => {
  const v = env[name];
  return v === undefined || v === '' || v === '(null)' ? null : v;
};

const number = (env: NodeJS.ProcessEnv, name: string) => {
  const v = value(env, name);
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
};

const iso = (epochSeconds: number | null, fallback: Date) => new Date(epochSeconds ? epochSeconds * 1000 : fallback.getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The end state of a job from what the epilog gets (22.05 passes no state): exit 0 is COMPLETED, a
 * non-zero exit FAILED, a signal CANCELLED (slurmctld gives no way to tell a time limit from scancel).
 */
function endState(exitCode: string): JobState {
  const [exit, signal] = exitCode.split(':').map(Number);
  if ((signal ?? 0) > 0) return 'CANCELLED';
  return (exit ?? 0) === 0 ? 'COMPLETED' : 'FAILED';
}

/**
 * The job event for one PrologSlurmctld (Task Started) or EpilogSlurmctld (Task Ended) run, in the shape
 * every backend writes (docs/events.md), from the environment slurmctld gives it. An array task is a
 * task of its array job; a job that is not an array also gets Job Ended from its epilog. The ids are
 * the cluster's name and the job's ids, so a hook run twice makes the same event.
 */
export function hookEvents(kind: 'prolog' | 'epilog', env: NodeJS.ProcessEnv, now = new Date()): JobEvent[] {
  const cluster = value(env, 'SLURM_CLUSTER_NAME') ?? 'slurm';
  const taskJobId = number(env, 'SLURM_JOB_ID') ?? number(env, 'SLURM_JOBID');
  if (taskJobId === null) throw new Error('SLURM_JOB_ID is not set: run this as PrologSlurmctld or EpilogSlurmctld');
  const arrayJobId = number(env, 'SLURM_ARRAY_JOB_ID');
  const arrayTaskId = number(env, 'SLURM_ARRAY_TASK_ID');
  const jobId = arrayJobId ?? taskJobId;
  const exitCode = kind === 'epilog' ? (value(env, 'SLURM_JOB_EXIT_CODE2') ?? '0:0') : null;
  const state: JobState = exitCode === null ? 'RUNNING' : endState(exitCode);
  const startTime = kind === 'prolog' ? iso(number(env, 'SLURM_JOB_START_TIME'), now) : value(env, 'SLURM_JOB_START_TIME') ? iso(number(env, 'SLURM_JOB_START_TIME'), now) : null;
  const endTime = kind === 'epilog' ? iso(number(env, 'SLURM_JOB_END_TIME'), now) : null;
  const restartCount = number(env, 'SLURM_JOB_RESTART_COUNT') ?? 0;
  const detail = {
    jobId,
    arrayTaskId,
    taskJobId,
    name: value(env, 'SLURM_JOB_NAME') ?? '',
    user: value(env, 'SLURM_JOB_USER') ?? '',
    partition: value(env, 'SLURM_JOB_PARTITION') ?? '',
    backend: 'slurm',
    state,
    exitCode,
    reason: null,
    submitTime: startTime ?? iso(null, now),
    startTime,
    endTime,
    elapsedSeconds: startTime && endTime ? Math.max(0, Math.round((Date.parse(endTime) - Date.parse(startTime)) / 1000)) : null,
    maxRssKiB: null,
    nodeList: value(env, 'SLURM_JOB_NODELIST'),
    restartCount,
    version: EVENT_FORMAT_VERSION,
    ...(value(env, 'SLURM_JOB_WORK_DIR') ? { workDir: value(env, 'SLURM_JOB_WORK_DIR') as string } : {}),
  };
  const event = (type: JobEvent['detail-type'], key: string, fields: Partial<JobEvent['detail']> = {}): JobEvent => ({
    version: '0',
    id: `${cluster}:${jobId}:${key}`,
    'detail-type': type,
    source: `${EVENT_SOURCE}.slurm`,
    account: '',
    time: iso(null, now),
    region: '',
    resources: [],
    detail: { ...detail, ...fields },
  });
  const task = arrayTaskId === null ? 'task' : `task-${arrayTaskId}`;
  if (kind === 'prolog') return [event('Task Started', `${task}-started-${restartCount}`)];
  const ended = event('Task Ended', `${task}-ended-${restartCount}`);
  if (arrayTaskId !== null) return [ended];
  return [ended, event('Job Ended', 'ended', { taskCount: 1, states: { [state]: 1 } })];
}
