import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SpawnSlurmError } from '../../core/errors.js';
import type { ClusterApi, NodeInfo, PartitionInfo } from './cluster-api.js';
import type { RemoteJob } from './remote-job.js';
import { parseScontrolLine, type ScontrolRecord } from './scontrol-record.js';

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Slurm command without a shell (arguments are never interpreted), with its output. */
function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new SpawnSlurmError(
          'slurm-commands',
          error.code === 'ENOENT' ? `${command} is not installed here` : `cannot run ${command}: ${error.message}`,
          'run on a login node of the cluster, or point at its slurmrestd with --slurmrestd',
        ),
      );
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** scontrol's local time (`2026-12-02T06:45:33`, `Unknown`, `None`) in epoch seconds. */
function epochOf(text: string | undefined): number | null {
  if (!text || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(text)) return null;
  return Math.floor(new Date(text).getTime() / 1000);
}

function userOf(text: string | undefined): string {
  return (text ?? '').replace(/\(\d+\)$/, '');
}

function orNull(text: string | undefined): string | null {
  return text === undefined || text === '' || text === '(null)' ? null : text;
}

/** One `scontrol show job -o` record as the job record every transport reads. */
function remoteJobFromScontrol(record: ScontrolRecord): RemoteJob | null {
  const jobId = Number(record.get('JobId'));
  if (!Number.isInteger(jobId)) return null;
  const arrayJobId = record.has('ArrayJobId') ? Number(record.get('ArrayJobId')) : null;
  const taskText = record.get('ArrayTaskId');
  const single = taskText !== undefined && /^\d+$/.test(taskText);
  const state = (record.get('JobState') ?? 'PENDING').toUpperCase();
  const ended = !['PENDING', 'RUNNING', 'SUSPENDED', 'COMPLETING', 'CONFIGURING', 'REQUEUED', 'RESIZING'].includes(state);
  return {
    jobId,
    arrayJobId,
    arrayTaskId: arrayJobId !== null && single ? Number(taskText) : null,
    arrayTaskString: arrayJobId !== null && !single ? (taskText ?? null) : null,
    name: record.get('JobName') ?? '',
    user: userOf(record.get('UserId')),
    partition: record.get('Partition') ?? '',
    nodes: orNull(record.get('NodeList')),
    state,
    reason: orNull(record.get('Reason')),
    exitCode: ended ? (record.get('ExitCode') ?? '0:0') : null,
    submitTime: epochOf(record.get('SubmitTime')),
    startTime: epochOf(record.get('StartTime')),
    endTime: ended ? epochOf(record.get('EndTime')) : null,
    standardOutput: orNull(record.get('StdOut')),
    standardError: orNull(record.get('StdErr')),
    workDir: orNull(record.get('WorkDir')),
    restartCount: Number(record.get('Restarts') ?? 0) || 0,
    cpus: Number(record.get('NumCPUs')) || null,
  };
}

const SACCT_FIELDS = ['JobID', 'JobIDRaw', 'JobName', 'User', 'Partition', 'NodeList', 'State', 'ExitCode', 'Submit', 'Start', 'End', 'WorkDir', 'AllocCPUS'];

/** One line of `sacct --parsable2 --format=SACCT_FIELDS` for a job or array task (steps are skipped). */
export function remoteJobFromSacct(line: string): RemoteJob | null {
  const [jobIdText = '', raw, name = '', user = '', partition = '', nodes, stateText = '', exitCode, submit, start, end, workDir, cpus] = line.split('|');
  if (jobIdText === '' || jobIdText.includes('.')) return null;
  const ids = /^(\d+)(?:_(\d+|\[([^\]]+)\]))?$/.exec(jobIdText);
  if (!ids) return null;
  const state = (stateText.split(' ')[0] ?? 'PENDING').toUpperCase();
  const ended = !['PENDING', 'RUNNING', 'SUSPENDED', 'REQUEUED', 'RESIZING'].includes(state);
  return {
    jobId: Number(raw) || Number(ids[1]),
    arrayJobId: ids[2] === undefined ? null : Number(ids[1]),
    arrayTaskId: ids[2] !== undefined && ids[3] === undefined ? Number(ids[2]) : null,
    arrayTaskString: ids[3] ?? null,
    name,
    user,
    partition,
    nodes: nodes && nodes !== 'None assigned' ? nodes : null,
    state,
    reason: null,
    exitCode: ended ? (exitCode ?? '0:0') : null,
    submitTime: epochOf(submit),
    startTime: epochOf(start),
    endTime: ended ? epochOf(end) : null,
    standardOutput: null,
    standardError: null,
    workDir: workDir || null,
    restartCount: 0,
    cpus: Number(cpus) || null,
  };
}

function jobsOf(stdout: string): RemoteJob[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('JobId='))
    .map((line) => remoteJobFromScontrol(parseScontrolLine(line)))
    .filter((j): j is RemoteJob => j !== null);
}

/** The first line of what a Slurm command said, as it said it. */
function said(ran: Ran): string {
  return (ran.stderr.trim() || ran.stdout.trim()).split('\n')[0] ?? `exit ${ran.status}`;
}

/**
 * A cluster through its own commands (sbatch, scontrol, scancel), on one of its login nodes: sbatch
 * reads the script's directives itself. `bin` is where they are; null: on PATH.
 */
export class CommandsApi implements ClusterApi {
  readonly version = 'commands';

  constructor(readonly bin: string | null) {}

  private command(name: string): string {
    return this.bin === null ? name : join(this.bin, name);
  }

  async jobs(): Promise<RemoteJob[]> {
    const ran = await run(this.command('scontrol'), ['show', 'job', '-o']);
    if (ran.status === 0 || /No jobs in the system/.test(ran.stdout)) return jobsOf(ran.stdout);
    throw new SpawnSlurmError('slurm-commands', `scontrol show job failed: ${said(ran)}`);
  }

  async job(id: number): Promise<RemoteJob[]> {
    const ran = await run(this.command('scontrol'), ['show', 'job', '-o', String(id)]);
    if (ran.status === 0) return jobsOf(ran.stdout);
    if (/Invalid job id specified/.test(ran.stderr)) return [];
    throw new SpawnSlurmError('slurm-commands', `scontrol show job ${id} failed: ${said(ran)}`);
  }

  async signal(id: string, signal: string | null): Promise<void> {
    const ran = await run(this.command('scancel'), [...(signal ? [`--signal=${signal.replace(/^SIG/, '')}`] : []), id]);
    // scancel says nothing and exits 0 for a job that already ended.
    if (ran.status === 0 && ran.stderr.trim() === '') return;
    throw new SpawnSlurmError('slurm-cancel', said(ran));
  }

  async hold(id: number, hold: boolean): Promise<void> {
    const ran = await run(this.command('scontrol'), [hold ? 'hold' : 'release', String(id)]);
    if (ran.status !== 0) throw new SpawnSlurmError('slurm-commands', said(ran));
  }

  /** `scontrol show <what> -o`, one record per line. */
  private async show(what: 'partition' | 'node'): Promise<ScontrolRecord[]> {
    const ran = await run(this.command('scontrol'), ['show', what, '-o']);
    if (ran.status !== 0) throw new SpawnSlurmError('slurm-commands', `scontrol show ${what} failed: ${said(ran)}`);
    return ran.stdout
      .split('\n')
      .filter((line) => line.includes('='))
      .map(
        (line) =>
          new Map(
            line
              .trim()
              .split(/\s+/)
              .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as [string, string]),
          ),
      );
  }

  async partitions(): Promise<PartitionInfo[]> {
    return (await this.show('partition')).map((r) => ({ name: r.get('PartitionName') ?? '', state: (r.get('State') ?? 'UNKNOWN').toUpperCase(), isDefault: r.get('Default') === 'YES' }));
  }

  async nodes(): Promise<NodeInfo[]> {
    return (await this.show('node')).map((r) => ({
      name: r.get('NodeName') ?? '',
      state: (r.get('State') ?? 'UNKNOWN').split('+')[0]?.toUpperCase() ?? 'UNKNOWN',
      cpus: Number(r.get('CPUTot')) || 0,
      allocatedCpus: Number(r.get('CPUAlloc')) || 0,
      partitions: (r.get('Partitions') ?? '').split(',').filter(Boolean),
    }));
  }

  async accounting(id: number): Promise<RemoteJob[] | null> {
    const ran = await run(this.command('sacct'), ['-j', String(id), '--noheader', '--parsable2', `--format=${SACCT_FIELDS.join(',')}`]);
    if (ran.status !== 0) return null;
    return ran.stdout
      .split('\n')
      .map(remoteJobFromSacct)
      .filter((j): j is RemoteJob => j !== null);
  }

  /** sbatch --parsable with these arguments from `cwd`; the job id. */
  async sbatch(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
    const ran = await run(this.command('sbatch'), ['--parsable', ...args], { cwd, env });
    const id = /^(\d+)/.exec(ran.stdout.trim())?.[1];
    if (ran.status === 0 && id) return Number(id);
    throw new SpawnSlurmError('slurm-refused', ran.stderr.trim() || `sbatch exited ${ran.status}`);
  }

  /** sbatch --test-only: what it says on stderr. */
  async testOnly(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
    const ran = await run(this.command('sbatch'), ['--test-only', ...args], { cwd, env });
    if (ran.status === 0) return ran.stderr.trim();
    throw new SpawnSlurmError('slurm-refused', ran.stderr.trim() || `sbatch exited ${ran.status}`);
  }
}
