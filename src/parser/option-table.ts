import type { SlurmRelease } from './slurm-release.js';
import { releaseAtLeast } from './slurm-release.js';

export type ArgKind = 'none' | 'required' | 'optional';

/** One sbatch option as getopt_long sees it (slurm_opt.c's option table). */
export interface OptionSpec {
  /** Canonical long name, without dashes. */
  long: string;
  short?: string;
  arg: ArgKind;
  /**
   * getopt's identity of the option: aliases share it (`tasks-per-node` is `ntasks-per-node`), and
   * several prefix matches with the same identity are not ambiguous.
   */
  id: string;
  /** First release that has the option (absent: every supported release). */
  since?: SlurmRelease;
  /** Last release that has the option. */
  until?: SlurmRelease;
  /** sbatch handles it in its first, command-line-only pass and ignores it inside a script. */
  cliOnly?: boolean;
  /** Matters for mapping the job onto resources. */
  resource?: boolean;
  /** `SBATCH_*` (and `SLURM_*`) input variables that set it. */
  env?: string[];
  /** One line for help texts and messages. */
  summary: string;
}

interface Row {
  long: string;
  short?: string;
  arg: ArgKind;
  summary: string;
  id?: string;
  since?: SlurmRelease;
  until?: SlurmRelease;
  /** The argument kind changed: before `from`, the option took `arg`; from it on, `to`. */
  argChange?: { from: SlurmRelease; to: ArgKind };
  cliOnly?: true;
  resource?: true;
  env?: string[];
}

// The sbatch option table of slurm_opt.c (22.05.8 and master), see slurm-semantics.md §2.
const ROWS: Row[] = [
  { long: 'account', short: 'A', arg: 'required', summary: 'charge the job to this account', env: ['SBATCH_ACCOUNT'] },
  { long: 'acctg-freq', arg: 'required', summary: 'accounting sampling intervals (<type>=<sec>[,…])', env: ['SBATCH_ACCTG_FREQ'] },
  { long: 'array', short: 'a', arg: 'required', summary: 'job array indices (1-10, 1,3,5, 0-99:2%10)', resource: true, env: ['SBATCH_ARRAY_INX'] },
  { long: 'autocomplete', arg: 'required', summary: 'shell completion helper', since: '23.02' },
  { long: 'batch', arg: 'required', summary: 'feature list for the batch host', env: ['SBATCH_BATCH'] },
  { long: 'bb', arg: 'required', summary: 'burst buffer specification', env: ['SBATCH_BURST_BUFFER'] },
  { long: 'bbf', arg: 'required', summary: 'file of burst buffer directives' },
  { long: 'begin', short: 'b', arg: 'required', summary: 'defer the job until this time', resource: true },
  { long: 'chdir', short: 'D', arg: 'required', summary: 'working directory of the job', resource: true },
  { long: 'cluster', arg: 'required', summary: 'cluster to run on' },
  { long: 'clusters', short: 'M', arg: 'required', summary: 'comma list of clusters', env: ['SBATCH_CLUSTERS', 'SLURM_CLUSTERS'] },
  { long: 'cluster-constraint', arg: 'required', summary: 'features a federated cluster must have', env: ['SBATCH_CLUSTER_CONSTRAINT'] },
  { long: 'comment', arg: 'required', summary: 'arbitrary comment' },
  { long: 'consolidate-segments', arg: 'none', summary: 'pack segments onto few nodes', since: '25.11', env: ['SBATCH_CONSOLIDATE_SEGMENTS'] },
  { long: 'constraint', short: 'C', arg: 'required', summary: 'required node features', resource: true, env: ['SBATCH_CONSTRAINT'] },
  { long: 'container', arg: 'required', summary: 'path to an OCI container bundle', resource: true, env: ['SBATCH_CONTAINER'] },
  { long: 'container-id', arg: 'required', summary: 'OCI container id', since: '23.02', env: ['SBATCH_CONTAINER_ID'] },
  { long: 'context', arg: 'required', summary: 'SELinux context' },
  { long: 'contiguous', arg: 'none', summary: 'allocate contiguous nodes' },
  { long: 'core-spec', short: 'S', arg: 'required', summary: 'count of specialized cores', env: ['SBATCH_CORE_SPEC'] },
  { long: 'cores-per-socket', arg: 'required', summary: 'cores per socket', resource: true },
  { long: 'cpu-freq', arg: 'required', summary: 'CPU frequency and governor', env: ['SBATCH_CPU_FREQ_REQ'] },
  { long: 'cpus-per-gpu', arg: 'required', summary: 'CPUs per allocated GPU', resource: true, env: ['SBATCH_CPUS_PER_GPU'] },
  { long: 'cpus-per-task', short: 'c', arg: 'required', summary: 'CPUs per task', resource: true },
  { long: 'deadline', arg: 'required', summary: 'remove the job if it cannot end by this time' },
  { long: 'delay-boot', arg: 'required', summary: 'delay node reboots by this long', env: ['SBATCH_DELAY_BOOT'] },
  { long: 'dependency', short: 'd', arg: 'required', summary: 'run after other jobs (afterok:123)', resource: true },
  { long: 'distribution', short: 'm', arg: 'required', summary: 'task distribution (block, cyclic, plane=n…)', resource: true, env: ['SBATCH_DISTRIBUTION'] },
  { long: 'error', short: 'e', arg: 'required', summary: 'standard error file pattern', resource: true, env: ['SBATCH_ERROR'] },
  { long: 'exclude', short: 'x', arg: 'required', summary: 'nodes to avoid' },
  { long: 'exclusive', arg: 'optional', summary: 'whole nodes ([=user|mcs|topo])', resource: true, env: ['SBATCH_EXCLUSIVE'] },
  { long: 'export', arg: 'required', summary: 'environment to export (ALL, NONE, VAR[=val],…)', resource: true, env: ['SBATCH_EXPORT'] },
  { long: 'export-file', arg: 'required', summary: 'file of VAR=val to export' },
  { long: 'external', arg: 'none', summary: 'external job with no script', since: '25.05' },
  { long: 'extra', arg: 'required', summary: 'arbitrary string for plugins', since: '23.02' },
  { long: 'extra-node-info', short: 'B', arg: 'required', summary: 'sockets[:cores[:threads]] per node', resource: true },
  { long: 'get-user-env', arg: 'optional', summary: "load the user's login environment", resource: true, env: ['SBATCH_GET_USER_ENV'] },
  { long: 'gid', arg: 'required', summary: 'group to run as (root only)' },
  { long: 'gpu-bind', arg: 'required', summary: 'task to GPU binding', env: ['SBATCH_GPU_BIND'] },
  { long: 'gpu-freq', arg: 'required', summary: 'GPU frequencies', env: ['SBATCH_GPU_FREQ'] },
  { long: 'gpus', short: 'G', arg: 'required', summary: 'GPUs for the whole job ([type:]N)', resource: true, env: ['SBATCH_GPUS'] },
  { long: 'gpus-per-node', arg: 'required', summary: 'GPUs per node ([type:]N)', resource: true, env: ['SBATCH_GPUS_PER_NODE'] },
  { long: 'gpus-per-socket', arg: 'required', summary: 'GPUs per socket ([type:]N)', resource: true, env: ['SBATCH_GPUS_PER_SOCKET'] },
  { long: 'gpus-per-task', arg: 'required', summary: 'GPUs per task ([type:]N)', resource: true, env: ['SBATCH_GPUS_PER_TASK'] },
  { long: 'gres', arg: 'required', summary: 'generic resources per node (gpu:a100:2)', resource: true, env: ['SBATCH_GRES'] },
  { long: 'gres-flags', arg: 'required', summary: 'GRES binding flags', resource: true, env: ['SBATCH_GRES_FLAGS'] },
  { long: 'help', short: 'h', arg: 'none', cliOnly: true, summary: 'print help' },
  { long: 'hint', arg: 'required', summary: 'compute_bound, memory_bound, [no]multithread', resource: true, env: ['SBATCH_HINT', 'SLURM_HINT'] },
  { long: 'hold', short: 'H', arg: 'none', summary: 'submit the job held' },
  { long: 'ignore-pbs', arg: 'none', summary: 'ignore #PBS and #BSUB directives' },
  { long: 'input', short: 'i', arg: 'required', summary: 'standard input file pattern', env: ['SBATCH_INPUT'] },
  { long: 'job-name', short: 'J', arg: 'required', summary: 'job name', resource: true, env: ['SBATCH_JOB_NAME'] },
  { long: 'kill-on-invalid-dep', arg: 'required', summary: 'cancel the job if its dependency can never be met (yes|no)', resource: true },
  { long: 'licenses', short: 'L', arg: 'required', summary: 'licenses (name[:count],…)', resource: true },
  { long: 'mail-type', arg: 'required', summary: 'events to mail about (BEGIN,END,FAIL,…)' },
  { long: 'mail-user', arg: 'required', summary: 'address to mail' },
  { long: 'mcs-label', arg: 'required', summary: 'MCS label' },
  { long: 'mem', arg: 'required', summary: 'memory per node (0 = all)', resource: true, env: ['SBATCH_MEM_PER_NODE'] },
  { long: 'mem-bind', arg: 'required', summary: 'memory binding', env: ['SBATCH_MEM_BIND'] },
  { long: 'mem-per-cpu', arg: 'required', summary: 'memory per allocated CPU', resource: true, env: ['SBATCH_MEM_PER_CPU'] },
  { long: 'mem-per-gpu', arg: 'required', summary: 'memory per allocated GPU', resource: true, env: ['SBATCH_MEM_PER_GPU'] },
  { long: 'mem-update', arg: 'required', summary: 'memory update margin@delay', since: '26.05' },
  { long: 'mincpus', arg: 'required', summary: 'minimum CPUs per node', resource: true },
  { long: 'network', arg: 'required', summary: 'network specification', env: ['SBATCH_NETWORK'] },
  { long: 'nice', arg: 'optional', summary: 'scheduling priority adjustment' },
  { long: 'no-kill', short: 'k', arg: 'optional', summary: 'do not kill the job when a node fails', env: ['SBATCH_NO_KILL'] },
  { long: 'no-requeue', arg: 'none', summary: 'never requeue the job', resource: true, env: ['SBATCH_NO_REQUEUE'] },
  { long: 'nodefile', short: 'F', arg: 'required', summary: 'file of node names' },
  { long: 'nodelist', short: 'w', arg: 'required', summary: 'nodes to use (hostlist or file)', resource: true },
  { long: 'nodes', short: 'N', arg: 'required', summary: 'node count (N or min-max)', resource: true },
  { long: 'ntasks', short: 'n', arg: 'required', summary: 'number of tasks', resource: true },
  { long: 'ntasks-per-core', arg: 'required', summary: 'tasks per core', resource: true },
  { long: 'ntasks-per-gpu', arg: 'required', summary: 'tasks per GPU', resource: true },
  { long: 'ntasks-per-node', arg: 'required', summary: 'tasks per node', resource: true },
  { long: 'ntasks-per-socket', arg: 'required', summary: 'tasks per socket', resource: true },
  { long: 'ntasks-per-tres', arg: 'required', summary: 'tasks per trackable resource', resource: true },
  { long: 'oom-kill-step', arg: 'optional', summary: 'kill the step on OOM (0|1)', since: '24.11' },
  { long: 'open-mode', arg: 'required', summary: 'append or truncate output files', resource: true, env: ['SBATCH_OPEN_MODE'] },
  { long: 'output', short: 'o', arg: 'required', summary: 'standard output file pattern', resource: true, env: ['SBATCH_OUTPUT'] },
  { long: 'overcommit', short: 'O', arg: 'none', summary: 'allow more tasks than CPUs', resource: true, env: ['SBATCH_OVERCOMMIT'] },
  { long: 'oversubscribe', short: 's', arg: 'none', summary: 'share nodes with other jobs', resource: true },
  { long: 'parsable', arg: 'none', summary: 'print only the job id' },
  { long: 'partition', short: 'p', arg: 'required', summary: 'partition(s) to run in', resource: true, env: ['SBATCH_PARTITION'] },
  { long: 'power', arg: 'required', summary: 'power management flags', until: '22.05', env: ['SBATCH_POWER'] },
  { long: 'prefer', arg: 'required', summary: 'preferred node features' },
  { long: 'priority', arg: 'required', summary: 'job priority (integer or TOP)' },
  { long: 'profile', arg: 'required', summary: 'profiling (all, none, energy, task, lustre, network)', env: ['SBATCH_PROFILE'] },
  { long: 'propagate', arg: 'optional', summary: 'resource limits to propagate' },
  { long: 'qos', short: 'q', arg: 'required', summary: 'quality of service', resource: true, env: ['SBATCH_QOS'] },
  { long: 'quiet', short: 'Q', arg: 'none', cliOnly: true, summary: 'suppress informational messages' },
  { long: 'reboot', arg: 'none', summary: 'reboot nodes before the job' },
  { long: 'requeue', arg: 'none', argChange: { from: '25.11', to: 'optional' }, summary: 'allow requeueing the job', resource: true, env: ['SBATCH_REQUEUE'] },
  { long: 'reservation', arg: 'required', summary: 'reservation(s) to use', env: ['SBATCH_RESERVATION'] },
  { long: 'resources', arg: 'required', summary: 'resource names (added to licenses)', since: '25.11' },
  { long: 'resv-ports', arg: 'optional', summary: 'reserve communication ports', since: '24.05' },
  { long: 'runtime', arg: 'required', summary: 'runtime plugin', since: '26.11', env: ['SBATCH_RUNTIME'] },
  { long: 'segment', arg: 'required', summary: 'segment size', since: '24.05', env: ['SBATCH_SEGMENT_SIZE'] },
  { long: 'signal', arg: 'required', summary: 'signal before the time limit ([B:]sig[@secs])', resource: true, env: ['SBATCH_SIGNAL'] },
  { long: 'sockets-per-node', arg: 'required', summary: 'sockets per node', resource: true },
  { long: 'spread-job', arg: 'none', summary: 'spread the job over as many nodes as possible', env: ['SBATCH_SPREAD_JOB'] },
  { long: 'spread-segments', arg: 'none', summary: 'spread segments', since: '25.11', env: ['SBATCH_SPREAD_SEGMENTS'] },
  { long: 'stepmgr', arg: 'none', summary: 'enable the step manager', since: '24.05' },
  { long: 'switches', arg: 'required', summary: 'max switches[@max-wait]' },
  { long: 'tasks-per-node', arg: 'required', id: 'ntasks-per-node', summary: 'old name of --ntasks-per-node', resource: true },
  { long: 'test-only', arg: 'none', summary: 'validate and estimate the start, submit nothing' },
  { long: 'thread-spec', arg: 'required', summary: 'count of specialized threads', env: ['SBATCH_THREAD_SPEC'] },
  { long: 'threads-per-core', arg: 'required', summary: 'threads per core', resource: true, env: ['SBATCH_THREADS_PER_CORE'] },
  { long: 'time', short: 't', arg: 'required', summary: 'time limit', resource: true, env: ['SBATCH_TIMELIMIT'] },
  { long: 'time-min', arg: 'required', summary: 'minimum time limit', resource: true },
  { long: 'tmp', arg: 'required', summary: 'minimum temporary disk per node', resource: true },
  { long: 'tres-bind', arg: 'required', summary: 'TRES binding', since: '23.11', env: ['SBATCH_TRES_BIND'] },
  { long: 'tres-per-task', arg: 'required', summary: 'TRES per task (cpu=N,gres/gpu=N)', since: '23.02', resource: true, env: ['SBATCH_TRES_PER_TASK'] },
  { long: 'uid', arg: 'required', summary: 'user to run as (root only)' },
  { long: 'usage', arg: 'none', cliOnly: true, summary: 'print a usage summary' },
  { long: 'use-min-nodes', arg: 'none', summary: 'prefer the minimum node count', env: ['SBATCH_USE_MIN_NODES'] },
  { long: 'verbose', short: 'v', arg: 'none', cliOnly: true, summary: 'more messages', env: ['SBATCH_DEBUG'] },
  { long: 'version', short: 'V', arg: 'none', cliOnly: true, summary: 'print the version' },
  { long: 'wait', short: 'W', arg: 'none', summary: 'wait for the job to end', env: ['SBATCH_WAIT'] },
  { long: 'wait-all-nodes', arg: 'required', summary: 'start only when all nodes are ready (0|1)', env: ['SBATCH_WAIT_ALL_NODES'] },
  { long: 'wckey', arg: 'required', summary: 'workload characterization key', env: ['SBATCH_WCKEY'] },
  { long: 'wrap', arg: 'required', cliOnly: true, summary: 'wrap a command string in a script' },
];

export interface OptionTable {
  release: SlurmRelease;
  options: OptionSpec[];
  byLong: Map<string, OptionSpec>;
  byShort: Map<string, OptionSpec>;
  byEnv: Map<string, OptionSpec>;
}

const tables = new Map<SlurmRelease, OptionTable>();

function specFor(row: Row, release: SlurmRelease): OptionSpec | null {
  if (row.since && !releaseAtLeast(release, row.since)) return null;
  if (row.until && releaseAtLeast(release, row.until) && release !== row.until) return null;
  const arg = row.argChange && releaseAtLeast(release, row.argChange.from) ? row.argChange.to : row.arg;
  const spec: OptionSpec = { long: row.long, arg, id: row.id ?? row.long, summary: row.summary };
  if (row.short) spec.short = row.short;
  if (row.since) spec.since = row.since;
  if (row.until) spec.until = row.until;
  if (row.cliOnly) spec.cliOnly = true;
  if (row.resource) spec.resource = true;
  if (row.env) spec.env = row.env;
  return spec;
}

/** The options sbatch of `release` accepts, with lookups by long name, letter and input variable. */
export function optionTable(release: SlurmRelease): OptionTable {
  let table = tables.get(release);
  if (!table) {
    const options = ROWS.map((row) => specFor(row, release)).filter((s): s is OptionSpec => s !== null);
    table = { release, options, byLong: new Map(), byShort: new Map(), byEnv: new Map() };
    for (const spec of options) {
      table.byLong.set(spec.long, spec);
      if (spec.short) table.byShort.set(spec.short, spec);
      for (const name of spec.env ?? []) table.byEnv.set(name, spec);
    }
    tables.set(release, table);
  }
  return table;
}

/** Every option of every supported release, for messages such as "exists only from 23.02". */
export function optionHistory(long: string): { since?: SlurmRelease; until?: SlurmRelease } | null {
  const row = ROWS.find((r) => r.long === long);
  if (!row) return null;
  return { ...(row.since ? { since: row.since } : {}), ...(row.until ? { until: row.until } : {}) };
}

export function allOptionNames(): string[] {
  return ROWS.map((r) => r.long);
}
