import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
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
}

function numberFrom(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

/** The step's size: options, else the SLURM_* input variables srun reads, else one task. */
function stepSize(options: SrunOptions, env: NodeJS.ProcessEnv): Omit<Step, 'stepId'> {
  const perNode = options.ntasksPerNode ?? numberFrom(env.SLURM_NTASKS_PER_NODE);
  const ntasks = options.ntasks ?? numberFrom(env.SLURM_NTASKS) ?? perNode ?? 1;
  const cpusPerTask = options.cpusPerTask ?? numberFrom(env.SLURM_CPUS_PER_TASK) ?? 1;
  return { ntasks, cpusPerTask };
}

/** The step's variables for task `rank` (oracle env-samples: the srun-task*.SLURM.txt files). */
function taskEnvironment(base: NodeJS.ProcessEnv, options: SrunOptions, step: Step, rank: number, port: number): Record<string, string> {
  const source: NodeJS.ProcessEnv =
    options.export === 'NONE' ? Object.fromEntries(Object.entries(base).filter(([name]) => name.startsWith('SLURM') || name === 'PATH' || name.startsWith('SPAWN_SLURM'))) : base;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) if (value !== undefined) env[name] = value;
  const node = base.SLURMD_NODENAME ?? 'localhost';
  Object.assign(env, {
    SLURM_STEP_ID: String(step.stepId),
    SLURM_STEPID: String(step.stepId),
    SLURM_STEP_NODELIST: node,
    SLURM_STEP_NUM_NODES: '1',
    SLURM_STEP_NUM_TASKS: String(step.ntasks),
    SLURM_STEP_TASKS_PER_NODE: String(step.ntasks),
    SLURM_NTASKS: String(step.ntasks),
    SLURM_NPROCS: String(step.ntasks),
    SLURM_DISTRIBUTION: 'block',
    SLURM_LAUNCH_NODE_IPADDR: '127.0.0.1',
    SLURM_SRUN_COMM_HOST: '127.0.0.1',
    SLURM_SRUN_COMM_PORT: String(port),
    SLURM_STEP_LAUNCHER_PORT: String(port),
    SLURM_UMASK: process.umask().toString(8).padStart(4, '0'),
    SLURM_JOB_CPUS_PER_NODE_PACK_GROUP_0: base.SLURM_JOB_CPUS_PER_NODE ?? String(step.ntasks * step.cpusPerTask),
    SLURM_GTIDS: Array.from({ length: step.ntasks }, (_, i) => i).join(','),
    SLURM_PROCID: String(rank),
    SLURM_LOCALID: String(rank),
    SLURM_NODEID: '0',
  });
  if (options.cpusPerTask !== null) env.SLURM_CPUS_PER_TASK = String(options.cpusPerTask);
  if (options.jobName !== null) env.SLURM_JOB_NAME = options.jobName;
  return env;
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
  if ((options.nodes ?? 1) > 1) {
    process.stderr.write(`srun: error: Only allocated 1 nodes asked for ${options.nodes}\n`);
    return 1;
  }
  const size = stepSize(options, env);
  const cpusOnNode = numberFrom(env.SLURM_CPUS_ON_NODE) ?? size.ntasks * size.cpusPerTask;
  if (size.ntasks * size.cpusPerTask > cpusOnNode) {
    process.stderr.write(`srun: error: Unable to create step for job ${jobId}: More processors requested than permitted\n`);
    return 1;
  }
  const masterId = Number(env.SLURM_ARRAY_JOB_ID ?? jobId);
  const step: Step = { ...size, stepId: nextStepId(env.SPAWN_SLURM_STATE_DIR, masterId, Number(jobId)) };
  const port = 30000 + (process.pid % 30000);
  const width = String(step.ntasks - 1).length;
  const children: ChildProcess[] = [];
  const finished: Promise<number>[] = [];
  for (let rank = 0; rank < step.ntasks; rank++) {
    const child = spawn('/bin/sh', ['-c', TASK_WRAPPER, 'srun', ...options.command], {
      env: taskEnvironment(env, options, step, rank, port),
      stdio: ['ignore', options.label ? 'pipe' : 'inherit', options.label ? 'pipe' : 'inherit'],
    });
    children.push(child);
    const label = `${String(rank).padStart(width)}: `;
    const streams = options.label && child.stdout && child.stderr ? [labelled(child.stdout, process.stdout, label), labelled(child.stderr, process.stderr, label)] : [];
    finished.push(
      new Promise<number>((resolve) => {
        child.once('error', (error) => {
          process.stderr.write(`srun: error: ${env.SLURMD_NODENAME ?? 'localhost'}: task ${rank}: ${error.message}\n`);
          resolve(1);
        });
        child.once('exit', async (code, signal) => {
          await Promise.all(streams);
          const node = env.SLURMD_NODENAME ?? 'localhost';
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
