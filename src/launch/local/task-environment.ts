import type { JobRecord } from '../../store/job-record.js';
import { slurmEnvironment, type RUNTIME } from '../task-script/slurm-environment.js';

/** Per-task facts the environment needs. */
export interface TaskIdentity {
  arrayTaskId: number | null;
  taskJobId: number;
  /** UNIX seconds. */
  startTime: number;
}

export interface JobPlumbing {
  /** SLURM_CONF: the description of this machine as a cluster. */
  slurmConf: string;
  /** Directory of the job's srun, sbatch, squeue, scancel and scontrol; first on the job's PATH only. */
  jobBin: string;
  /** Variables the job tools need to find the store and the task; none of them is a secret. */
  extra: Record<string, string>;
}

type RuntimeName = keyof typeof RUNTIME;
const PER_TASK: ReadonlySet<RuntimeName> = new Set(['task_id', 'job_id', 'start_time', 'end_time']);

/**
 * A job's environment, built once and stamped per task: the submitted environment (under the login
 * environment when Slurm would load it), then the Slurm variables from the one list every backend
 * shares (slurm-environment.ts), with the runtime values this machine knows.
 */
export class TaskEnvironmentTemplate {
  private readonly base: Record<string, string>;
  private readonly perTask: { name: string; value: RuntimeName }[] = [];
  private readonly timeLimitSeconds: number | null;

  constructor(record: JobRecord, submitted: Record<string, string>, login: Record<string, string> | null, plumbing: JobPlumbing) {
    const node = record.node;
    const constant: Partial<Record<RuntimeName, string>> = {
      node: record.allocation?.nodeNames[0] ?? node.nodeName,
      submit_dir: record.submitDir,
      user: record.user,
      uid: String(record.uid),
      gid: String(record.gid),
      group: record.group,
    };
    const base: Record<string, string> = { ...(login ?? {}), ...submitted };
    const site = {
      jobId: record.id,
      clusterName: node.clusterName,
      partition: record.partition,
      nodeCpus: node.cpus,
      defMemPerCpuMiB: node.defMemPerCpuMiB,
      ...(record.allocation ? { nodeNames: record.allocation.nodeNames } : {}),
    };
    for (const variable of slurmEnvironment(record.job, site)) {
      if ('text' in variable.value) base[variable.name] = variable.value.text;
      else if (PER_TASK.has(variable.value.shell)) this.perTask.push({ name: variable.name, value: variable.value.shell });
      else base[variable.name] = constant[variable.value.shell] ?? '';
    }
    base.TMPDIR = submitted.TMPDIR || '/tmp';
    base.SLURM_CONF = plumbing.slurmConf;
    base.SLURM_WORKING_CLUSTER = `${node.clusterName}:127.0.0.1:6817:9728:109`;
    base.PATH = `${plumbing.jobBin}:${base.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`;
    Object.assign(base, plumbing.extra);
    this.base = base;
    const limit = record.job.timeLimitMinutes;
    this.timeLimitSeconds = typeof limit === 'number' ? limit * 60 : null;
  }

  forTask(task: TaskIdentity): Record<string, string> {
    const env = { ...this.base };
    for (const { name, value } of this.perTask) {
      if (value === 'task_id') env[name] = String(task.arrayTaskId ?? '');
      else if (value === 'job_id') env[name] = String(task.taskJobId);
      else if (value === 'start_time') env[name] = String(task.startTime);
      else env[name] = String(task.startTime + (this.timeLimitSeconds ?? 0));
    }
    return env;
  }
}
