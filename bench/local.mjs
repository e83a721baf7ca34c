// Local backend throughput and supervisor memory, against GNU parallel and a real Slurm oracle.
//
//   local.tasks_per_second         10,000 × `true`, --array=0-9999%C (C = os.availableParallelism())
//   parallel.tasks_per_second      `parallel -j C true` over 10,000 arguments (same machine, same run)
//   slurm.tasks_per_second         200 × `true` on the oracle in /work/shared/oracle (if one answers)
//   local.supervisor_peak_mb[_100k] VmHWM of the supervisor after the 10,000 / 100,000-task job ended
//
// Env: BENCH_LOCAL_BIG_TASKS (100000) sizes the big run (0 skips it); SPAWN_SLURM_BENCH_START_ORACLE=1
// starts an oracle (batch_sched_delay=0) when none answers; SLURM_ORACLE_STATE (/tmp/slurm-oracle) says
// which oracle to ask.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'spawn-slurm.cjs');
const oracleDir = '/work/shared/oracle';
const TRUE_SCRIPT = '#!/bin/sh\ntrue\n';
const POLL_MS = 20;

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** The last `bytes` of a file as text (the whole file when smaller); '' when it is missing. */
function readTail(path, bytes = 8192) {
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The Job Ended event at the end of a job's log, or null while the job runs. */
function jobEndedEvent(eventsPath) {
  const lines = readTail(eventsPath).split('\n').filter(Boolean);
  const last = lines.at(-1);
  if (!last?.includes('"detail-type":"Job Ended"')) return null;
  return JSON.parse(last);
}

function readLock(stateDir) {
  try {
    const owner = JSON.parse(readFileSync(join(stateDir, 'supervisor.lock'), 'utf8'));
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

/** The process is the supervisor of this state dir (not a recycled pid). */
function isSupervisorOf(pid, stateDir) {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.some((a) => a.endsWith('supervisor.cjs')) && argv.includes(stateDir);
  } catch {
    return false;
  }
}

function procStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
}

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/** Kills the state dir's supervisor by the pid in its lock, and waits for it to be gone. */
async function stopSupervisor(stateDir) {
  const owner = readLock(stateDir);
  if (!owner || !isSupervisorOf(owner.pid, stateDir)) return;
  const gone = () => !isSupervisorOf(owner.pid, stateDir);
  for (const [signal, waitMs] of [
    ['SIGTERM', 5000],
    ['SIGKILL', 5000],
  ]) {
    try {
      process.kill(owner.pid, signal);
    } catch {
      return;
    }
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; await sleep(POLL_MS)) if (gone()) return;
  }
  throw new Error(`supervisor ${owner.pid} of ${stateDir} did not exit`);
}

/**
 * Submits a `count`-task array of `true` (throttled to `parallelism`) to a fresh state dir; waits for
 * Job Ended; reads the supervisor's peak RSS and CPU time before killing it.
 */
export async function runLocalArray(count, parallelism) {
  const work = mkdtempSync(join(tmpdir(), 'spawn-slurm-bench-local-'));
  const stateDir = join(work, 'state');
  try {
    const script = join(work, 'job.sh');
    writeFileSync(script, TRUE_SCRIPT, { mode: 0o755 });
    const env = { ...process.env, SPAWN_SLURM_STATE_DIR: stateDir, SPAWN_SLURM_SUPERVISOR_IDLE_MS: '600000' };
    const start = now();
    const submit = spawnSync(process.execPath, [bin, 'submit', '--parsable', `--array=0-${count - 1}%${parallelism}`, '-o', '/dev/null', script], { cwd: work, env, encoding: 'utf8' });
    const submitSeconds = now() - start;
    if (submit.status !== 0) throw new Error(`submit exited ${submit.status}: ${submit.stderr}`);
    const id = Number(submit.stdout.trim().split(';')[0]);
    if (!Number.isInteger(id)) throw new Error(`submit printed ${JSON.stringify(submit.stdout)}`);
    const eventsPath = join(stateDir, 'jobs', String(id), 'events.jsonl');
    const timeoutSeconds = Math.max(600, count / 5);
    let ended = jobEndedEvent(eventsPath);
    while (!ended) {
      if (now() - start > timeoutSeconds) throw new Error(`job ${id} (${count} tasks) did not end within ${timeoutSeconds} s`);
      await sleep(POLL_MS);
      ended = jobEndedEvent(eventsPath);
    }
    const seconds = now() - start;
    const completed = ended.detail.states?.COMPLETED ?? 0;
    if (ended.detail.state !== 'COMPLETED' || completed !== count) throw new Error(`job ${id} ended ${ended.detail.state} with ${JSON.stringify(ended.detail.states)}`);
    // Job Ended is written before the supervisor lets go of the job; give it a moment to do so.
    for (let i = 0; i < 100 && existsSync(join(stateDir, 'active', String(id))); i++) await sleep(POLL_MS);
    const owner = readLock(stateDir);
    if (!owner || !isSupervisorOf(owner.pid, stateDir)) throw new Error('no live supervisor after the job ended (SPAWN_SLURM_SUPERVISOR_IDLE_MS not honoured?)');
    const { hwmKb, rssKb } = procStatus(owner.pid);
    const cpu = cpuSeconds(owner.pid);
    const logBytes = fstatSize(eventsPath);
    return { count, seconds, submitSeconds, peakMb: hwmKb / 1024, rssMb: rssKb / 1024, cpuSeconds: cpu, logBytes };
  } finally {
    await stopSupervisor(stateDir);
    rmSync(work, { recursive: true, force: true });
  }
}

function fstatSize(path) {
  const fd = openSync(path, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

function ensureParallel() {
  if (spawnSync('parallel', ['--version'], { stdio: 'ignore' }).status === 0) return null;
  const install = spawnSync('apt-get', ['install', '-y', 'parallel'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install.status !== 0 || spawnSync('parallel', ['--version'], { stdio: 'ignore' }).status !== 0)
    return `GNU parallel missing and apt-get install -y parallel failed (${install.status})`;
  return null;
}

/** `parallel -j C true` over `count` arguments; the job log proves `true` ran `count` times and succeeded. */
export function runParallel(count, parallelism) {
  const work = mkdtempSync(join(tmpdir(), 'spawn-slurm-bench-parallel-'));
  try {
    const joblog = join(work, 'joblog');
    const input = Array.from({ length: count }, (_, i) => `${i + 1}\n`).join('');
    const start = now();
    const result = spawnSync('parallel', ['--will-cite', '-j', String(parallelism), '--joblog', joblog, 'true'], {
      input,
      stdio: ['pipe', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, PARALLEL_HOME: work },
    });
    const seconds = now() - start;
    if (result.status !== 0) throw new Error(`parallel exited ${result.status}: ${result.stderr}`);
    const rows = readFileSync(joblog, 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split('\t'));
    const ran = rows.filter((r) => r[6] === '0' && /^true \d+$/.test(r[8] ?? '')).length;
    if (ran !== count) throw new Error(`parallel's job log shows ${ran} successful runs of true, expected ${count}`);
    return { count, seconds };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---- Slurm oracle ---------------------------------------------------------------------------------

function slurm(command, args, conf) {
  return spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, SLURM_CONF: conf } });
}

/** The oracle's slurm.conf when its controller answers (starting one if allowed), else a reason. */
export function findOracle() {
  const state = process.env.SLURM_ORACLE_STATE || '/tmp/slurm-oracle';
  const conf = join(state, 'etc', 'slurm.conf');
  const answers = () => existsSync(conf) && slurm('scontrol', ['ping'], conf).stdout?.includes('UP');
  if (spawnSync('scontrol', ['--version'], { stdio: 'ignore' }).status !== 0) return { reason: 'no Slurm client (scontrol) on this machine' };
  if (answers()) return { conf };
  if (process.env.SPAWN_SLURM_BENCH_START_ORACLE !== '1') return { reason: `no oracle answers scontrol ping (SLURM_CONF=${conf}); SPAWN_SLURM_BENCH_START_ORACLE=1 starts one` };
  const up = spawnSync(join(oracleDir, 'slurm-up.sh'), [], { encoding: 'utf8', env: { ...process.env, SLURM_ORACLE_SCHED_PARAMS: 'batch_sched_delay=0' } });
  if (up.status !== 0 || !answers()) return { reason: `slurm-up.sh failed (${up.status}): ${(up.stderr || up.stdout).trim().split('\n').at(-1)}` };
  return { conf };
}

/** As bench-array.sh: sbatch → no task of the array left in squeue (polled every 0.2 s). */
export async function runSlurm(count, conf) {
  const config = slurm('scontrol', ['show', 'config'], conf).stdout ?? '';
  const schedParams = /^SchedulerParameters\s*=\s*(.*)$/m.exec(config)?.[1]?.trim() ?? '?';
  const cpus = slurm('sinfo', ['-h', '-o', '%c'], conf).stdout?.trim().split('\n')[0] ?? '?';
  const othersQueued = (slurm('squeue', ['-h', '-t', 'PD,R,CG,CF,S'], conf).stdout ?? '').split('\n').filter(Boolean).length;
  const work = mkdtempSync(join(tmpdir(), 'spawn-slurm-bench-slurm-'));
  let id = null;
  try {
    const script = join(work, 'true.sh');
    writeFileSync(script, TRUE_SCRIPT, { mode: 0o755 });
    const start = now();
    const submit = spawnSync('sbatch', ['--parsable', `--array=0-${count - 1}`, '-o', '/dev/null', script], { cwd: work, encoding: 'utf8', env: { ...process.env, SLURM_CONF: conf } });
    if (submit.status !== 0) throw new Error(`sbatch exited ${submit.status}: ${submit.stderr}`);
    id = submit.stdout.trim().split(';')[0];
    const deadline = start + Math.max(900, count * 3);
    for (;;) {
      const q = slurm('squeue', ['-h', '-j', id, '-t', 'PD,R,CG,CF,S'], conf);
      // A failing squeue (controller busy) is no proof that the array is done.
      if (q.status === 0 && !q.stdout.trim()) break;
      if (now() > deadline) throw new Error(`Slurm array ${id} not done after ${(now() - start).toFixed(0)} s`);
      await sleep(200);
    }
    const seconds = now() - start;
    // Finished jobs stay visible for MinJobAge (300 s): every task must have completed.
    const states = (slurm('squeue', ['-h', '-r', '-j', id, '-t', 'all', '-o', '%T'], conf).stdout ?? '').split('\n').filter(Boolean);
    const completed = states.filter((s) => s === 'COMPLETED').length;
    if (completed !== count) throw new Error(`Slurm array ${id}: ${completed} of ${count} tasks COMPLETED (${[...new Set(states)].join(',')})`);
    id = null;
    return { count, seconds, schedParams, cpus, othersQueued };
  } finally {
    if (id !== null) slurm('scancel', [id], conf);
    rmSync(work, { recursive: true, force: true });
  }
}

// ---- suite ----------------------------------------------------------------------------------------

const perSecond = (r) => r.count / r.seconds;

export const benchmarks = [
  {
    name: 'local.throughput',
    async run() {
      const parallelism = availableParallelism();
      const figures = {};
      const mem = (r) =>
        `after ${r.count} tasks ended (VmRSS then ${r.rssMb.toFixed(1)} MB; supervisor CPU ${r.cpuSeconds.toFixed(1)} s = ${((r.cpuSeconds * 1000) / r.count).toFixed(2)} ms/task; log ${(r.logBytes / 1e6).toFixed(1)} MB)`;

      process.stderr.write(`  local: 10000 × true, %${parallelism}…\n`);
      const local = await runLocalArray(10_000, parallelism);
      figures['local.tasks_per_second'] = {
        value: perSecond(local),
        goal: '≥ parallel.tasks_per_second',
        note: `--array=0-9999%${parallelism} of true, -o /dev/null, fresh state dir: submit → Job Ended ${local.seconds.toFixed(1)} s (submit ${(local.submitSeconds * 1000).toFixed(0)} ms)`,
      };
      figures['local.supervisor_peak_mb'] = { value: local.peakMb, note: `supervisor VmHWM ${mem(local)}` };

      process.stderr.write(`  parallel: 10000 × true, -j ${parallelism}…\n`);
      const missing = ensureParallel();
      let parallel = null;
      if (missing) {
        figures['parallel.tasks_per_second'] = { value: NaN, note: `skipped: ${missing}` };
      } else {
        parallel = runParallel(10_000, parallelism);
        figures['parallel.tasks_per_second'] = {
          value: perSecond(parallel),
          note: `parallel --will-cite -j ${parallelism} true over 10000 args (job log: 10000 × exit 0): ${parallel.seconds.toFixed(1)} s`,
        };
      }

      process.stderr.write('  slurm: 200 × true on the oracle…\n');
      const oracle = findOracle();
      let slurmRun = null;
      if (oracle.reason) {
        figures['slurm.tasks_per_second'] = { value: NaN, note: `skipped: ${oracle.reason}` };
      } else {
        slurmRun = await runSlurm(200, oracle.conf);
        const busy = slurmRun.othersQueued > 0 ? `; ${slurmRun.othersQueued} other job(s) were queued` : '';
        figures['slurm.tasks_per_second'] = {
          value: perSecond(slurmRun),
          note: `Slurm oracle (${slurmRun.cpus} CPUs, SchedulerParameters=${slurmRun.schedParams}): sbatch --array=0-199 -o /dev/null → none left in squeue ${slurmRun.seconds.toFixed(1)} s${busy}`,
        };
      }
      figures['local.vs_slurm'] = slurmRun
        ? { value: perSecond(local) / perSecond(slurmRun), goal: '≥ 100', note: 'local.tasks_per_second / slurm.tasks_per_second' }
        : { value: NaN, goal: '≥ 100', note: 'skipped: no Slurm figure' };
      figures['local.vs_parallel'] = parallel
        ? { value: perSecond(local) / perSecond(parallel), goal: '≥ 1', note: 'local.tasks_per_second / parallel.tasks_per_second' }
        : { value: NaN, goal: '≥ 1', note: 'skipped: no parallel figure' };

      const bigCount = Number(process.env.BENCH_LOCAL_BIG_TASKS ?? 100_000);
      if (bigCount > 0) {
        process.stderr.write(`  local: ${bigCount} × true, %${parallelism}…\n`);
        const big = await runLocalArray(bigCount, parallelism);
        const sized = bigCount === 100_000 ? '' : ` (BENCH_LOCAL_BIG_TASKS=${bigCount}, not 100000)`;
        figures['local.tasks_per_second_100k'] = { value: perSecond(big), note: `--array=0-${bigCount - 1}%${parallelism} of true: submit → Job Ended ${big.seconds.toFixed(1)} s${sized}` };
        figures['local.supervisor_peak_mb_100k'] = {
          value: big.peakMb,
          goal: '≈ local.supervisor_peak_mb',
          note: `supervisor VmHWM ${mem(big)}; ${(big.peakMb / local.peakMb).toFixed(2)}× the 10,000-task peak${sized}`,
        };
      }
      return figures;
    },
  },
];
