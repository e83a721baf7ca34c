import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SlurmRelease } from '../../src/parser/slurm-release.js';
import { parseScontrolLine, type ScontrolRecord } from './scontrol-record.js';

/** The real Slurm releases the conformance suites compare with. */
export const ORACLE_RELEASES = ['22.05', '24.11'] as const satisfies readonly SlurmRelease[];

export type OracleRelease = (typeof ORACLE_RELEASES)[number];

/**
 * A real Slurm to compare against, used only if its `scontrol ping` answers and its `scontrol --version`
 * is the release it stands for. 22.05 (the host's Debian packages) is found through
 * SPAWN_SLURM_ORACLE_CONF, else SLURM_CONF, else /etc/slurm/slurm.conf; 24.11 (the oracle's chroot)
 * through SPAWN_SLURM_ORACLE_2411_CONF only.
 */
export interface Oracle {
  release: OracleRelease;
  conf: string;
  /** The directory of this cluster's own client commands; null: the ones on PATH. */
  bin: string | null;
  /** The oracle's state directory (the conf lives in its etc/). */
  state: string;
  /** slurmrestd with rest_auth/local on a unix socket (it may not be running). */
  restSocket: string;
  /** The JWT slurmrestd on TCP, from SPAWN_SLURM_ORACLE_JWT_URL / SPAWN_SLURM_ORACLE_2411_JWT_URL; null when not given. */
  jwtUrl: string | null;
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

interface Location {
  release: OracleRelease;
  /** The slurm.conf files to try, in order. */
  confs: string[];
  /** Whether the user named this oracle (then SPAWN_SLURM_REQUIRE_ORACLE=1 insists on it). */
  configured: boolean;
  jwtUrl: string | null;
}

function locations(env: NodeJS.ProcessEnv): Location[] {
  const given = (value: string | undefined): value is string => Boolean(value);
  return [
    { release: '22.05', confs: [env.SPAWN_SLURM_ORACLE_CONF, env.SLURM_CONF, '/etc/slurm/slurm.conf'].filter(given), configured: true, jwtUrl: env.SPAWN_SLURM_ORACLE_JWT_URL || null },
    { release: '24.11', confs: [env.SPAWN_SLURM_ORACLE_2411_CONF].filter(given), configured: given(env.SPAWN_SLURM_ORACLE_2411_CONF), jwtUrl: env.SPAWN_SLURM_ORACLE_2411_JWT_URL || null },
  ];
}

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

/** The path of one of the oracle's client commands (sbatch, scontrol, squeue, scancel, …). */
export function oracleCommand(oracle: Pick<Oracle, 'bin'>, name: string): string {
  return oracle.bin === null ? name : join(oracle.bin, name);
}

type Client = Pick<Oracle, 'conf' | 'bin'>;

/** Runs one of the oracle's clients with the suite's environment. */
function run(oracle: Client, name: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeout: number }) {
  return spawnSync(oracleCommand(oracle, name), args, { cwd: options.cwd, env: oracleEnv(oracle, options.env), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: options.timeout });
}

/** Null when the cluster answers as the release it stands for, else why not. */
function whyNot(client: Client, release: OracleRelease): string | null {
  if (client.bin !== null && !existsSync(oracleCommand(client, 'scontrol'))) return `no ${oracleCommand(client, 'scontrol')}`;
  const ping = run(client, 'scontrol', ['ping'], { timeout: 10_000 });
  if (ping.status !== 0 || !/\bUP\b/.test(ping.stdout)) return 'scontrol ping does not answer UP';
  const version = /slurm[- ](?:wlm )?(\d+\.\d+)/i.exec(run(client, 'scontrol', ['--version'], { timeout: 10_000 }).stdout)?.[1];
  return version === release ? null : `its scontrol is Slurm ${version ?? 'of unknown release'}, not ${release}`;
}

function oracleAt(conf: string, release: OracleRelease, jwtUrl: string | null): Oracle {
  const text = readFileSync(conf, 'utf8');
  const state = dirname(dirname(conf));
  const size = Number(confValue(text, 'MaxArraySize') ?? '1001');
  return {
    release,
    conf,
    // The host's own clients are 22.05; the chroot's come as wrappers in the state directory.
    bin: release === '22.05' ? null : join(state, 'bin'),
    state,
    restSocket: join(state, 'run', 'slurmrestd.socket'),
    jwtUrl,
    maxArraySize: Number.isFinite(size) ? size : 1001,
    defaultPartition: defaultPartitionOf(text),
    gresTypes: (confValue(text, 'GresTypes') ?? '').split(',').filter(Boolean),
  };
}

export interface OracleSearch {
  oracle: Oracle | null;
  /** Each conf tried, with why it was not taken. */
  tried: string[];
  /** The user pointed at this release's oracle (always true for 22.05, whose places are the defaults). */
  configured: boolean;
}

function search(location: Location): OracleSearch {
  const tried: string[] = [];
  for (const conf of location.confs) {
    const oracle = existsSync(conf) ? oracleAt(conf, location.release, location.jwtUrl) : null;
    const reason = oracle ? whyNot(oracle, location.release) : 'no such file';
    if (oracle && reason === null) return { oracle, tried: [...tried, conf], configured: location.configured };
    tried.push(`${conf} (${reason})`);
  }
  return { oracle: null, tried, configured: location.configured };
}

/** The first configured Slurm of the release that answers, or null with what was tried. */
export function findOracle(release: OracleRelease = '22.05', env: NodeJS.ProcessEnv = process.env): OracleSearch {
  return search(locations(env).find((l) => l.release === release) as Location);
}

/** Every release's search, in ORACLE_RELEASES order (the oracle null where none answers). */
export function findOracles(env: NodeJS.ProcessEnv = process.env): (OracleSearch & { release: OracleRelease })[] {
  return locations(env).map((location) => ({ release: location.release, ...search(location) }));
}

export function oracleRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SPAWN_SLURM_REQUIRE_ORACLE === '1';
}

/** Why a suite must fail rather than skip: SPAWN_SLURM_REQUIRE_ORACLE=1 and a configured oracle does not answer; null otherwise. */
export function missingRequiredOracle(found: OracleSearch & { release: OracleRelease }, env: NodeJS.ProcessEnv = process.env): string | null {
  if (found.oracle || !found.configured || !oracleRequired(env)) return null;
  return `no Slurm ${found.release} answers (tried ${found.tried.join(', ') || 'nothing'}), as SPAWN_SLURM_REQUIRE_ORACLE=1 demands; ${howToStart(found.release)}`;
}

/** `sbatch --parsable` of one script file, held, from `cwd`, with only the given variables. */
export function submit(oracle: Oracle, file: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Submission {
  const submittedAt = Date.now();
  const result = run(oracle, 'sbatch', ['--parsable', ...args, file], { cwd, env, timeout: 30_000 });
  const status = result.status ?? -1;
  const id = /^(\d+)/.exec(result.stdout.trim());
  return { status, stdout: result.stdout, stderr: result.stderr, jobId: status === 0 && id ? Number(id[1]) : null, submittedAt };
}

/** `scontrol show job -o` of the given jobs (all when none), one record per line. */
function showJobRecords(oracle: Oracle, ids: readonly number[] = []): ScontrolRecord[] {
  const result = run(oracle, 'scontrol', ['show', 'job', '-o', ...(ids.length ? [ids.join(',')] : [])], { timeout: 60_000 });
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('JobId='))
    .map(parseScontrolLine);
}

/**
 * Every job record the controller knows, keyed by job id (a heterogeneous job's components under
 * their leader's id, in order). One scontrol call for the whole suite.
 */
export function showJobs(oracle: Oracle): Map<number, ScontrolRecord[]> {
  const jobs = new Map<number, ScontrolRecord[]>();
  for (const record of showJobRecords(oracle)) {
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
    if (batch.length) run(oracle, 'scancel', batch, { timeout: 60_000 });
  }
}

/** How to get an oracle of the release going. */
export function howToStart(release: OracleRelease = '22.05'): string {
  return release === '22.05'
    ? "start one with `sudo ../shared/oracle/slurm-up.sh` (or point SPAWN_SLURM_ORACLE_CONF at a running cluster's slurm.conf)"
    : 'start one with `sudo SLURM_ORACLE_RELEASE=24.11 SLURM_ORACLE_STATE=/tmp/slurm-oracle-2411 SLURM_ORACLE_CTLD_PORT=6827 SLURM_ORACLE_SLURMD_PORT=6828 ../shared/oracle/slurm-up.sh` and point SPAWN_SLURM_ORACLE_2411_CONF at its etc/slurm.conf';
}

export const HOW_TO_START = howToStart('22.05');
