import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { compressHostlist, expandHostlist } from '../../../parser/values/hostlist.js';
import { shellQuote } from '../../shell-quote.js';
import { compressCountList } from '../../task-script/count-list.js';
import { blockLayout } from '../../task-script/task-layout.js';
import { nextStepId } from './step-counter.js';
import { parseSrunArgs, SrunUsageError, type SrunOptions } from './srun-options.js';

/** As the batch wrapper: SLURM_TASK_PID is the pid the task's command runs as. */
const TASK_WRAPPER = 'SLURM_TASK_PID=$$; export SLURM_TASK_PID; exec "$@"';

const SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'Killed',
  SIGTERM: 'Terminated',
  SIGSEGV: 'Segmentation fault',
  SIGABRT: 'Aborted',
  SIGINT: 'Interrupt',
  SIGBUS: 'Bus error',
};

interface Step {
  ntasks: number;
  cpusPerTask: number;
  stepId: number;
  /** The step's nodes, this one first, and how many of its tasks each runs (block distribution). */
  nodes: string[];
  tasksPerNode: number[];
}

/** Where a rank runs: its node, its index among the step's nodes and among that node's tasks. */
interface Placed {
  node: string;
  nodeId: number;
  localId: number;
  /** The ranks on its node (SLURM_GTIDS). */
  gtids: number[];
}

function numberFrom(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

/** The job's nodes, this one (SLURMD_NODENAME) first: SLURM_JOB_NODELIST when the job holds several. */
function allocationNodes(env: NodeJS.ProcessEnv): string[] {
  const self = env.SLURMD_NODENAME ?? 'localhost';
  const list = env.SLURM_JOB_NODELIST;
  if ((numberFrom(env.SLURM_JOB_NUM_NODES) ?? 1) <= 1 || !list) return [self];
  const expanded = expandHostlist(list);
  return expanded.ok ? [self, ...expanded.value.filter((n) => n !== self)] : [self];
}

/**
 * The step's size: options, else the SLURM_* input variables srun reads, else one task per node; its
 * nodes: -N, else as many of the job's as it has tasks for.
 */
function stepSize(options: SrunOptions, env: NodeJS.ProcessEnv, held: string[]): Omit<Step, 'stepId'> | string {
  if ((options.nodes ?? 1) > held.length) return `srun: error: Only allocated ${held.length} nodes asked for ${options.nodes}`;
  const perNode = options.ntasksPerNode ?? numberFrom(env.SLURM_NTASKS_PER_NODE);
  const given = options.ntasks ?? numberFrom(env.SLURM_NTASKS);
  const nodeCount = options.nodes ?? (given !== null ? Math.min(held.length, given) : held.length);
  const ntasks = given ?? (perNode !== null ? perNode * nodeCount : nodeCount);
  const cpusPerTask = options.cpusPerTask ?? numberFrom(env.SLURM_CPUS_PER_TASK) ?? 1;
  if (ntasks < nodeCount) return `srun: error: Unable to create step: ${nodeCount} nodes requested for only ${ntasks} tasks`;
  return { ntasks, cpusPerTask, nodes: held.slice(0, nodeCount), tasksPerNode: blockLayout(ntasks, nodeCount) };
}

function placements(step: Step): Placed[] {
  const placed: Placed[] = [];
  step.tasksPerNode.forEach((count, nodeId) => {
    const first = placed.length;
    const gtids = Array.from({ length: count }, (_, i) => first + i);
    for (let localId = 0; localId < count; localId++) placed.push({ node: step.nodes[nodeId] as string, nodeId, localId, gtids });
  });
  return placed;
}

/** The step's variables for task `rank` (oracle env-samples: the srun-task*.SLURM.txt files). */
function taskEnvironment(base: NodeJS.ProcessEnv, options: SrunOptions, step: Step, rank: number, at: Placed, port: number): Record<string, string> {
  const source: NodeJS.ProcessEnv =
    options.export === 'NONE' ? Object.fromEntries(Object.entries(base).filter(([name]) => name.startsWith('SLURM') || name === 'PATH' || name.startsWith('SPAWN_SLURM'))) : base;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) if (value !== undefined) env[name] = value;
  Object.assign(env, {
    SLURM_STEP_ID: String(step.stepId),
    SLURM_STEPID: String(step.stepId),
    SLURM_STEP_NODELIST: compressHostlist(step.nodes),
    SLURM_STEP_NUM_NODES: String(step.nodes.length),
    SLURM_STEP_NUM_TASKS: String(step.ntasks),
    SLURM_STEP_TASKS_PER_NODE: compressCountList(step.tasksPerNode),
    SLURM_NTASKS: String(step.ntasks),
    SLURM_NPROCS: String(step.ntasks),
    SLURM_DISTRIBUTION: 'block',
    SLURM_LAUNCH_NODE_IPADDR: '127.0.0.1',
    SLURM_SRUN_COMM_HOST: '127.0.0.1',
    SLURM_SRUN_COMM_PORT: String(port),
    SLURM_STEP_LAUNCHER_PORT: String(port),
    SLURM_UMASK: process.umask().toString(8).padStart(4, '0'),
    SLURM_JOB_CPUS_PER_NODE_PACK_GROUP_0: base.SLURM_JOB_CPUS_PER_NODE ?? String(step.ntasks * step.cpusPerTask),
    SLURM_GTIDS: at.gtids.join(','),
    SLURM_PROCID: String(rank),
    SLURM_LOCALID: String(at.localId),
    SLURM_NODEID: String(at.nodeId),
    SLURMD_NODENAME: at.node,
    SLURM_TOPOLOGY_ADDR: at.node,
  });
  if (options.cpusPerTask !== null) env.SLURM_CPUS_PER_TASK = String(options.cpusPerTask);
  if (options.jobName !== null) env.SLURM_JOB_NAME = options.jobName;
  return env;
}

/** Variables the other node has of its own. */
const NOT_SENT = new Set(['HOSTNAME', 'PWD', 'OLDPWD', 'SHLVL', '_', 'SSH_CLIENT', 'SSH_CONNECTION', 'SSH_TTY', 'SSH_AUTH_SOCK']);

/** What the remote shell runs on another node: the task's directory and environment, then the task, every word quoted. */
function remoteCommand(taskEnv: Record<string, string>, command: readonly string[]): string {
  const assignments = Object.entries(taskEnv)
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !NOT_SENT.has(name))
    .map(([name, value]) => shellQuote(`${name}=${value}`));
  return ['cd', shellQuote(process.cwd()), '&&', 'exec', 'env', ...assignments, '/bin/sh', '-c', shellQuote(TASK_WRAPPER), 'srun', ...command.map(shellQuote)].join(' ');
}

function labelled(stream: NodeJS.ReadableStream, out: NodeJS.WritableStream, label: string): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => out.write(`${label}${line}\n`));
    lines.on('close', () => resolve());
  });
}

function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (signal !== null) return 128 + ((constants.signals as Record<string, number>)[signal] ?? 0);
  return code ?? 0;
}

/**
 * srun inside a local job: runs the step's tasks on this machine with the step's Slurm variables,
 * forwards signals to them, labels output with -l, reports failed tasks as srun does and exits with
 * the highest exit status.
 */
export async function runSrun(args: readonly string[]): Promise<number> {
  const env = process.env;
  let options: SrunOptions;
  try {
    options = parseSrunArgs(args);
  } catch (error) {
    if (error instanceof SrunUsageError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const jobId = env.SLURM_JOB_ID;
  if (!jobId || !env.SPAWN_SLURM_STATE_DIR) {
    process.stderr.write('srun: error: this srun runs job steps inside a spawn-slurm job only (no SLURM_JOB_ID here)\n');
    return 1;
  }
  if (options.command.length === 0) {
    process.stderr.write('srun: fatal: No command given to execute.\n');
    return 1;
  }
  const size = stepSize(options, env, allocationNodes(env));
  if (typeof size === 'string') {
    process.stderr.write(`${size}\n`);
    return 1;
  }
  const busiest = Math.max(...size.tasksPerNode);
  const cpusOnNode = numberFrom(env.SLURM_CPUS_ON_NODE) ?? busiest * size.cpusPerTask;
  if (busiest * size.cpusPerTask > cpusOnNode) {
    process.stderr.write(`srun: error: Unable to create step for job ${jobId}: More processors requested than permitted\n`);
    return 1;
  }
  const masterId = Number(env.SLURM_ARRAY_JOB_ID ?? jobId);
  const step: Step = { ...size, stepId: nextStepId(env.SPAWN_SLURM_STATE_DIR, masterId, Number(jobId)) };
  const port = 30000 + (process.pid % 30000);
  const width = String(step.ntasks - 1).length;
  const children: ChildProcess[] = [];
  const finished: Promise<number>[] = [];
  const self = step.nodes[0];
  const placed = placements(step);
  for (let rank = 0; rank < step.ntasks; rank++) {
    const at = placed[rank] as Placed;
    const taskEnv = taskEnvironment(env, options, step, rank, at, port);
    const stdio: ['ignore', 'pipe' | 'inherit', 'pipe' | 'inherit'] = ['ignore', options.label ? 'pipe' : 'inherit', options.label ? 'pipe' : 'inherit'];
    const child =
      at.node === self
        ? spawn('/bin/sh', ['-c', TASK_WRAPPER, 'srun', ...options.command], { env: taskEnv, stdio })
        : spawn('/bin/sh', ['-c', `${env.SPAWN_SLURM_RSH || 'ssh -o BatchMode=yes'} "$@"`, 'srun', at.node, remoteCommand(taskEnv, options.command)], { env, stdio });
    children.push(child);
    const label = `${String(rank).padStart(width)}: `;
    const streams = options.label && child.stdout && child.stderr ? [labelled(child.stdout, process.stdout, label), labelled(child.stderr, process.stderr, label)] : [];
    finished.push(
      new Promise<number>((resolve) => {
        child.once('error', (error) => {
          process.stderr.write(`srun: error: ${at.node}: task ${rank}: ${error.message}\n`);
          resolve(1);
        });
        child.once('exit', async (code, signal) => {
          await Promise.all(streams);
          const node = at.node;
          if (signal !== null) process.stderr.write(`srun: error: ${node}: task ${rank}: ${SIGNAL_NAMES[signal] ?? signal}\n`);
          else if (code !== 0) process.stderr.write(`srun: error: ${node}: task ${rank}: Exited with exit code ${code}\n`);
          resolve(exitStatus(code, signal));
        });
      }),
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGUSR1', 'SIGUSR2', 'SIGCONT'] as const) {
    process.on(signal, () => {
      for (const child of children) child.kill(signal);
    });
  }
  const statuses = await Promise.all(finished);
  return Math.max(0, ...statuses);
}
