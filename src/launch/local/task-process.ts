import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, statSync, writeSync } from 'node:fs';
import type { TaskFiles } from '../task-script/output-files.js';

/** How a task's process ended. */
export interface ProcessOutcome {
  /** Exit status, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The task never ran: its files could not be opened (Slurm's JobLaunchFailure). */
  launchError: string | null;
}

export interface TaskLaunch {
  /** The private copy of the job script; run directly, so the kernel reads its `#!` line as slurmstepd's exec does. */
  scriptPath: string;
  args: readonly string[];
  workDir: string;
  env: Record<string, string>;
  files: TaskFiles;
  /** A cgroup directory the task joins before the script starts, or null. */
  cgroup: string | null;
}

export interface RunningProcess {
  /** The script's pid, which is also its process group (the whole task can be signalled at once). */
  pid: number;
  child: ChildProcess | null;
  outcome: Promise<ProcessOutcome>;
}

/**
 * Sets SLURM_TASK_PID to the pid the script runs as (the shell execs it), joins the cgroup, then
 * executes the script with its arguments.
 */
const WRAPPER = 'SLURM_TASK_PID=$$; export SLURM_TASK_PID; [ -z "$1" ] || echo $$ > "$1/cgroup.procs" || exit 1; shift; exec "$@"';

function openOutput(path: string, append: boolean): number {
  return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (append ? 0 : constants.O_TRUNC), 0o644);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Opens the task's files as slurmstepd does: both with O_APPEND, each opened on its own even when they are one file. */
function openFiles(files: TaskFiles): { fds: number[]; error: string | null } {
  const fds: number[] = [];
  try {
    fds.push(files.stdin === '/dev/null' ? openSync('/dev/null', 'r') : openSync(files.stdin, 'r'));
    fds.push(openOutput(files.stdout, files.append));
    fds.push(openOutput(files.stderr, files.append));
    return { fds, error: null };
  } catch (error) {
    for (const fd of fds) closeSync(fd);
    const e = error as NodeJS.ErrnoException;
    return { fds: [], error: `could not open ${e.path ?? 'a file'}: ${e.code === 'ENOENT' ? 'No such file or directory' : e.message}` };
  }
}

/** Starts one task's script in a process group of its own, with its files as stdin, stdout and stderr. */
export function startTaskProcess(launch: TaskLaunch): RunningProcess {
  const opened = openFiles(launch.files);
  if (opened.error !== null) {
    return { pid: 0, child: null, outcome: Promise.resolve({ code: null, signal: null, launchError: opened.error }) };
  }
  const [stdin, stdout, stderr] = opened.fds as [number, number, number];
  let cwd = launch.workDir;
  if (!isDirectory(cwd)) {
    // slurmstepd runs the script in /tmp when it cannot enter the working directory, and says so.
    writeSync(stderr, `slurmstepd: error: couldn't chdir to \`${cwd}': No such file or directory: going to /tmp instead\n`);
    cwd = '/tmp';
  }
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', WRAPPER, 'slurm_script', launch.cgroup ?? '', launch.scriptPath, ...launch.args], {
      cwd,
      env: launch.env,
      stdio: [stdin, stdout, stderr],
      detached: true,
    });
  } finally {
    for (const fd of opened.fds) closeSync(fd);
  }
  const outcome = new Promise<ProcessOutcome>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, launchError: error.message }));
    child.once('exit', (code, signal) => resolve({ code, signal, launchError: null }));
  });
  return { pid: child.pid ?? 0, child, outcome };
}

/** Signals a task's whole process group; false when it is already gone. */
export function signalTask(pid: number, signal: NodeJS.Signals | number, wholeGroup = true): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(wholeGroup ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}
