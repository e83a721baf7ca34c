import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseScontrolLine, type ScontrolRecord } from './scontrol-record.js';

/**
 * A real Slurm to compare against: found through SPAWN_SLURM_ORACLE_CONF, else SLURM_CONF, else
 * /etc/slurm/slurm.conf, and used only if `scontrol ping` answers.
 */
export interface Oracle {
  conf: string;
  /** slurm.conf MaxArraySize (Slurm's default 1001 when the file does not set it). */
  maxArraySize: number;
  /** The partition a job lands in without -p (the one marked Default=YES, else the first). */
  defaultPartition: string;
  /** slurm.conf GresTypes: the GRES names sbatch accepts here. */
  gresTypes: string[];
}

export interface Submission {
  status: number;
  stdout: string;
  stderr: string;
  /** The job id when sbatch accepted the script. */
  jobId: number | null;
  /** When sbatch started (ms since the epoch). */
  submittedAt: number;
}

const candidates = (env: NodeJS.ProcessEnv): string[] => [env.SPAWN_SLURM_ORACLE_CONF, env.SLURM_CONF, '/etc/slurm/slurm.conf'].filter((p): p is string => Boolean(p));

function confValue(text: string, key: string): string | undefined {
  const match = new RegExp(`^[ \\t]*${key}[ \\t]*=[ \\t]*(\\S+)`, 'im').exec(text);
  return match?.[1];
}

function defaultPartitionOf(text: string): string {
  const partitions = [...text.matchAll(/^[ \t]*PartitionName[ \t]*=[ \t]*(\S+)(.*)$/gim)];
  const marked = partitions.find((p) => /\bDefault[ \t]*=[ \t]*YES\b/i.test(p[2] ?? ''));
  return (marked ?? partitions[0])?.[1] ?? 'debug';
}

/** The environment every Slurm command of the suite runs with: nothing of the caller's but PATH and HOME. */
export function oracleEnv(oracle: Pick<Oracle, 'conf'>, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', SLURM_CONF: oracle.conf, ...extra };
}

function answers(conf: string): boolean {
  const ping = spawnSync('scontrol', ['ping'], { env: oracleEnv({ conf }), encoding: 'utf8', timeout: 10_000 });
  return ping.status === 0 && /\bUP\b/.test(ping.stdout);
}

/** The first configured Slurm that answers, or null with the reason. */
export function findOracle(env: NodeJS.ProcessEnv = process.env): { oracle: Oracle | null; tried: string[] } {
  const tried = candidates(env);
  for (const conf of tried) {
    if (!existsSync(conf) || !answers(conf)) continue;
    const text = readFileSync(conf, 'utf8');
    const size = Number(confValue(text, 'MaxArraySize') ?? '1001');
    const gresTypes = (confValue(text, 'GresTypes') ?? '').split(',').filter(Boolean);
    return { oracle: { conf, maxArraySize: Number.isFinite(size) ? size : 1001, defaultPartition: defaultPartitionOf(text), gresTypes }, tried };
  }
  return { oracle: null, tried };
}

export function oracleRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SPAWN_SLURM_REQUIRE_ORACLE === '1';
}

/** `sbatch --parsable` of one script file, held, from `cwd`, with only the given variables. */
export function submit(oracle: Oracle, file: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Submission {
  const submittedAt = Date.now();
  const result = spawnSync('sbatch', ['--parsable', ...args, file], { cwd, env: oracleEnv(oracle, env), encoding: 'utf8', timeout: 30_000 });
  const status = result.status ?? -1;
  const id = /^(\d+)/.exec(result.stdout.trim());
  return { status, stdout: result.stdout, stderr: result.stderr, jobId: status === 0 && id ? Number(id[1]) : null, submittedAt };
}

/**
 * Every job record the controller knows, keyed by job id (a heterogeneous job's components under
 * their leader's id, in order). One scontrol call for the whole suite.
 */
export function showJobs(oracle: Oracle): Map<number, ScontrolRecord[]> {
  const result = spawnSync('scontrol', ['show', 'job', '-o'], { env: oracleEnv(oracle), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 60_000 });
  const jobs = new Map<number, ScontrolRecord[]>();
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('JobId=')) continue;
    const record = parseScontrolLine(line);
    const id = Number(record.get('HetJobId') ?? record.get('JobId'));
    jobs.set(id, [...(jobs.get(id) ?? []), record]);
  }
  for (const records of jobs.values()) records.sort((a, b) => Number(a.get('HetJobOffset') ?? 0) - Number(b.get('HetJobOffset') ?? 0));
  return jobs;
}

/** Cancels the given jobs (only those), in batches. */
export function cancel(oracle: Oracle, ids: readonly number[]): void {
  for (let i = 0; i < ids.length; i += 200) {
    const batch = ids.slice(i, i + 200).map(String);
    if (batch.length) spawnSync('scancel', batch, { env: oracleEnv(oracle), encoding: 'utf8', timeout: 60_000 });
  }
}

export const HOW_TO_START = "start one with `sudo ../shared/oracle/slurm-up.sh` (or point SPAWN_SLURM_ORACLE_CONF at a running cluster's slurm.conf)";
