import type { Component, JobSpec } from '../../model/schema.js';
import { releaseAtLeast } from '../../parser/slurm-release.js';
import { compressHostlist } from '../../parser/values/hostlist.js';
import { compressCountList } from './count-list.js';
import { blockLayout } from './task-layout.js';

/**
 * The variables real Slurm gives a batch script (slurm-semantics §4.2–4.5, oracle env-samples), from
 * the job and the site it runs on. Every backend uses this one list: the task script of `convert` and
 * the EC2 instances writes it as bash, the local backend fills in the runtime values itself. A value is
 * either fixed text or a reference to a runtime value only the node knows (see RUNTIME).
 */
export type EnvValue = { text: string } | { shell: keyof typeof RUNTIME };
export interface EnvVar {
  name: string;
  value: EnvValue;
}

/** Runtime values (the task script's shell variables of these names), with what they hold. */
export const RUNTIME = {
  task_id: 'the array index, from $PARAM_slurm_array_task_id',
  job_id: "this task's own job id",
  node: "the instance's short host name, standing in for the Slurm node name",
  submit_dir: 'the directory the task started in, standing in for the submit directory',
  user: 'the user running the task',
  uid: 'its numeric user id',
  gid: 'its numeric group id',
  group: 'its group name',
  start_time: 'the start time, UNIX seconds',
  end_time: 'the start time plus the time limit',
} as const;

export interface EnvironmentSite {
  /** The job id; for an array, the master id (SLURM_ARRAY_JOB_ID). */
  jobId: number;
  clusterName: string;
  /** The partition the job runs in. */
  partition: string;
  /** CPUs of the whole node, which an --exclusive job gets; null when not known before it runs. */
  nodeCpus: number | null;
  /** The site's DefMemPerCPU, which a job without a memory option shows as SLURM_MEM_PER_CPU; null: none. */
  defMemPerCpuMiB: number | null;
  /** A multi-node job's nodes, the batch script's own first: without it the job holds the one node it runs on. */
  nodeNames?: readonly string[];
}

const text = (value: string | number): EnvValue => ({ text: String(value) });
const shell = (name: keyof typeof RUNTIME): EnvValue => ({ shell: name });

/** Option values Slurm passes on as typed (sbatch's set_envs and set_env_from_opts). */
const AS_TYPED: readonly [option: string, variable: string, onlyUpTo2205?: boolean][] = [
  ['ntasks-per-socket', 'SLURM_NTASKS_PER_SOCKET'],
  ['ntasks-per-core', 'SLURM_NTASKS_PER_CORE'],
  ['ntasks-per-gpu', 'SLURM_NTASKS_PER_GPU'],
  ['ntasks-per-tres', 'SLURM_NTASKS_PER_TRES'],
  ['threads-per-core', 'SLURM_THREADS_PER_CORE'],
  ['distribution', 'SLURM_DISTRIBUTION'],
  ['gpus', 'SLURM_GPUS'],
  ['gpus-per-node', 'SLURM_GPUS_PER_NODE'],
  ['gpus-per-socket', 'SLURM_GPUS_PER_SOCKET'],
  ['gpus-per-task', 'SLURM_GPUS_PER_TASK', true],
  ['cpus-per-gpu', 'SLURM_CPUS_PER_GPU'],
  ['gpu-freq', 'SLURM_GPU_FREQ'],
  ['gpu-bind', 'SLURM_GPU_BIND', true],
  ['dependency', 'SLURM_JOB_DEPENDENCY'],
  ['profile', 'SLURM_PROFILE'],
  ['acctg-freq', 'SLURM_ACCTG_FREQ'],
  ['cpu-freq', 'SLURM_CPU_FREQ_REQ'],
  ['network', 'SLURM_NETWORK'],
];

function optionValue(job: JobSpec, option: string): string | null {
  return job.options[option]?.value ?? null;
}

/** CPUs allocated on the node: the request, or the whole node for --exclusive. */
export function cpusOnNode(component: Component, nodeCpus: number | null): number {
  return component.exclusive !== false && nodeCpus !== null ? nodeCpus : component.needs.cpusPerNode;
}

/** SLURM_TASKS_PER_NODE for one node (§4.4): -n, else ntasks-per-node, else CPUs ÷ cpus-per-task. */
function tasksOnNode(component: Component, cpus: number): number {
  return component.ntasks ?? component.ntasksPerNode ?? Math.max(1, Math.floor(cpus / (component.cpusPerTask ?? 1)));
}

/** SLURM_TASKS_PER_NODE's counts over `nodes` nodes: -n spread in blocks (the first nodes take the remainder), else each node's own. */
export function nodeTaskCounts(component: Component, cpus: number, nodes: number): number[] {
  return nodes > 1 && component.ntasks !== null ? blockLayout(component.ntasks, nodes) : Array<number>(nodes).fill(tasksOnNode(component, cpus));
}

/** The node list and the per-node counts: one node's, or a multi-node allocation's. */
function allocationVariables(component: Component, cpus: number, nodeNames: readonly string[] | undefined): EnvVar[] {
  const nodes = nodeNames && nodeNames.length > 1 ? nodeNames : null;
  const count = nodes?.length ?? 1;
  const nodeList = nodes ? text(compressHostlist(nodes)) : shell('node');
  const perNode = nodeTaskCounts(component, cpus, count);
  return [
    { name: 'SLURM_JOB_CPUS_PER_NODE', value: text(compressCountList(Array<number>(count).fill(cpus))) },
    { name: 'SLURM_JOB_NODELIST', value: nodeList },
    { name: 'SLURM_NODELIST', value: nodeList },
    { name: 'SLURM_JOB_NUM_NODES', value: text(count) },
    { name: 'SLURM_NNODES', value: text(count) },
    { name: 'SLURM_TASKS_PER_NODE', value: text(compressCountList(perNode)) },
  ];
}

/** SLURM_NTASKS is set for -n; 22.05 also for --ntasks-per-node with a fixed node count, later releases always. */
function ntasksVariable(job: JobSpec, component: Component): number | null {
  if (component.ntasks !== null) return component.ntasks;
  if (component.ntasksPerNode === null) return null;
  const fixedNodes = component.nodes !== null && (component.nodes.max === null || component.nodes.max === component.nodes.min);
  if (!releaseAtLeast(job.release, '23.02') && !fixedNodes) return null;
  return component.ntasksPerNode * component.needs.nodes;
}

function memoryVariables(component: Component, defMemPerCpuMiB: number | null): EnvVar[] {
  const memory = component.memory;
  if (memory === null) return defMemPerCpuMiB === null ? [] : [{ name: 'SLURM_MEM_PER_CPU', value: text(defMemPerCpuMiB) }];
  if ('perNodeMiB' in memory) return memory.perNodeMiB > 0 ? [{ name: 'SLURM_MEM_PER_NODE', value: text(memory.perNodeMiB) }] : [];
  if ('perCpuMiB' in memory) return [{ name: 'SLURM_MEM_PER_CPU', value: text(memory.perCpuMiB) }];
  return [{ name: 'SLURM_MEM_PER_GPU', value: text(memory.perGpuMiB) }];
}

/** With GPUs allocated, the gres plugin lists them (local indices 0…n-1) under four names. */
function gpuVariables(component: Component): EnvVar[] {
  const count = component.needs.gpusPerNode;
  if (count <= 0) return [];
  const list = Array.from({ length: count }, (_, i) => i).join(',');
  return [
    { name: 'SLURM_GPUS_ON_NODE', value: text(count) },
    { name: 'SLURM_JOB_GPUS', value: text(list) },
    { name: 'CUDA_VISIBLE_DEVICES', value: text(list) },
    { name: 'GPU_DEVICE_ORDINAL', value: text(list) },
    { name: 'ROCR_VISIBLE_DEVICES', value: text(list) },
  ];
}

function arrayVariables(job: JobSpec, site: EnvironmentSite): EnvVar[] {
  const array = job.array;
  if (!array) return [];
  return [
    { name: 'SLURM_ARRAY_JOB_ID', value: text(site.jobId) },
    { name: 'SLURM_ARRAY_TASK_ID', value: shell('task_id') },
    { name: 'SLURM_ARRAY_TASK_COUNT', value: text(array.count) },
    { name: 'SLURM_ARRAY_TASK_MIN', value: text(array.min) },
    { name: 'SLURM_ARRAY_TASK_MAX', value: text(array.max) },
    { name: 'SLURM_ARRAY_TASK_STEP', value: text(array.step) },
  ];
}

/** 22.05 leaves SLURM_JOB_NAME unset for a script read from standard input without -J. */
export function jobNameIsSet(job: JobSpec): boolean {
  return releaseAtLeast(job.release, '23.02') || job.file !== '-' || job.options['job-name'] !== undefined;
}

/** Every variable, sorted by name as `env | sort` shows them. */
export function slurmEnvironment(job: JobSpec, site: EnvironmentSite): EnvVar[] {
  const component = job.components[0] as Component;
  const cpus = cpusOnNode(component, site.nodeCpus);
  const ntasks = ntasksVariable(job, component);
  const vars: EnvVar[] = [
    { name: 'ENVIRONMENT', value: text('BATCH') },
    { name: 'HOSTNAME', value: shell('node') },
    { name: 'SLURMD_NODENAME', value: shell('node') },
    { name: 'SLURM_CLUSTER_NAME', value: text(site.clusterName) },
    { name: 'SLURM_CPUS_ON_NODE', value: text(cpus) },
    { name: 'SLURM_GTIDS', value: text(0) },
    { name: 'SLURM_JOBID', value: shell('job_id') },
    { name: 'SLURM_JOB_ID', value: shell('job_id') },
    { name: 'SLURM_JOB_GID', value: shell('gid') },
    { name: 'SLURM_JOB_UID', value: shell('uid') },
    { name: 'SLURM_JOB_USER', value: shell('user') },
    { name: 'SLURM_JOB_PARTITION', value: text(site.partition) },
    { name: 'SLURM_LOCALID', value: text(0) },
    { name: 'SLURM_NODEID', value: text(0) },
    { name: 'SLURM_PROCID', value: text(0) },
    { name: 'SLURM_PRIO_PROCESS', value: text(0) },
    { name: 'SLURM_SUBMIT_DIR', value: shell('submit_dir') },
    { name: 'SLURM_SUBMIT_HOST', value: shell('node') },
    { name: 'SLURM_TOPOLOGY_ADDR', value: shell('node') },
    { name: 'SLURM_TOPOLOGY_ADDR_PATTERN', value: text('node') },
    ...allocationVariables(component, cpus, site.nodeNames),
    ...memoryVariables(component, site.defMemPerCpuMiB),
    ...gpuVariables(component),
    ...arrayVariables(job, site),
  ];
  if (jobNameIsSet(job)) vars.push({ name: 'SLURM_JOB_NAME', value: text(job.name) });
  if (ntasks !== null) vars.push({ name: 'SLURM_NTASKS', value: text(ntasks) }, { name: 'SLURM_NPROCS', value: text(ntasks) });
  if (component.cpusPerTask !== null) vars.push({ name: 'SLURM_CPUS_PER_TASK', value: text(component.cpusPerTask) });
  if (component.ntasksPerNode !== null) vars.push({ name: 'SLURM_NTASKS_PER_NODE', value: text(component.ntasksPerNode) });
  if (component.overcommit) vars.push({ name: 'SLURM_OVERCOMMIT', value: text(1) });
  if (job.openMode) vars.push({ name: 'SLURM_OPEN_MODE', value: text(job.openMode === 'append' ? 'a' : 't') });
  if (job.export && job.export.mode !== 'all') vars.push({ name: 'SLURM_EXPORT_ENV', value: text(job.export.text) });
  if (job.getUserEnv) vars.push({ name: 'SLURM_GET_USER_ENV', value: text(1) });
  for (const [option, name, onlyUpTo2205] of AS_TYPED) {
    const value = optionValue(job, option);
    if (value !== null && !(onlyUpTo2205 && releaseAtLeast(job.release, '23.02'))) vars.push({ name, value: text(value) });
  }
  if (releaseAtLeast(job.release, '23.02')) {
    vars.push({ name: 'SLURM_JOB_GROUP', value: shell('group') }, { name: 'SLURM_JOB_START_TIME', value: shell('start_time') });
    if (typeof job.timeLimitMinutes === 'number') vars.push({ name: 'SLURM_JOB_END_TIME', value: shell('end_time') });
  } else {
    vars.push({ name: 'SLURM_NODE_ALIASES', value: text('(null)') });
  }
  return vars.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
