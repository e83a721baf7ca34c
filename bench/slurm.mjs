// Submission rate to a real Slurm (the oracle in /work/shared/oracle), in the same run:
//
//   slurm.rest_submits_per_second    N held jobs through the slurm backend (slurmrestd on its unix socket),
//                                    one client process, one job at a time: parse, model, describe, POST, record
//   slurm.sbatch_submits_per_second  N `sbatch --hold --parsable` processes, one after the other
//   slurm.rest_vs_sbatch             the ratio
//
// Env: BENCH_SLURM_JOBS (1000); SLURM_ORACLE_STATE (/tmp/slurm-oracle) says which oracle to use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const state = process.env.SLURM_ORACLE_STATE ?? '/tmp/slurm-oracle';
const conf = join(state, 'etc', 'slurm.conf');
const socket = join(state, 'run', 'slurmrestd.socket');
const jobs = Number(process.env.BENCH_SLURM_JOBS ?? 1000);
const NAME = 'spawn-slurm-bench-submit';
const SCRIPT = `#!/bin/sh\n#SBATCH -J ${NAME} -t 1 --hold\ntrue\n`;

async function loadBundle() {
  const outfile = join(root, 'bench', 'tmp', 'slurm-bundle.cjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({ entryPoints: [join(root, 'bench', 'slurm-entry.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
  return createRequire(import.meta.url)(outfile);
}

const slurmEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', SLURM_CONF: conf };
const now = () => Number(process.hrtime.bigint()) / 1e9;

function cancelBenchJobs() {
  spawnSync('scancel', ['--name', NAME], { env: slurmEnv });
}

async function restRate(dir) {
  const { SlurmBackend, analyseScript } = await loadBundle();
  const backend = new SlurmBackend(join(dir, 'state'), { name: 'bench', url: `unix:${socket}`, user: 'root', token: { kind: 'none' }, apiVersion: 'auto' });
  const environment = { PATH: '/usr/bin:/bin', HOME: dir };
  const started = now();
  for (let i = 0; i < jobs; i++) {
    const analysis = analyseScript({ text: SCRIPT }, { fileName: 'bench.sbatch', release: '22.05', env: {}, cliArgs: [], maxArraySize: 1001, arraySizeIsHardLimit: false, now: new Date() });
    await backend.submit({ job: analysis.job, script: Buffer.from(SCRIPT), submitDir: dir, environment });
  }
  return jobs / (now() - started);
}

function sbatchRate(dir) {
  const started = now();
  for (let i = 0; i < jobs; i++) {
    const result = spawnSync('sbatch', ['--parsable', '--hold', '-J', NAME, '-t', '1', '--wrap', 'true'], { cwd: dir, env: slurmEnv, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`sbatch failed: ${result.stderr}`);
  }
  return jobs / (now() - started);
}

export const benchmarks = [
  {
    name: 'slurm-submit',
    async run() {
      const ping = spawnSync('scontrol', ['ping'], { env: slurmEnv, encoding: 'utf8' });
      if (ping.status !== 0 || !existsSync(socket)) {
        process.stderr.write(`slurm-submit skipped: no oracle with slurmrestd at ${state} (start one with SLURM_ORACLE_RESTD=1 /work/shared/oracle/slurm-up.sh)\n`);
        return {};
      }
      const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-bench-rest-'));
      try {
        const rest = await restRate(dir);
        cancelBenchJobs();
        const sbatch = sbatchRate(dir);
        return {
          'slurm.rest_submits_per_second': { value: rest, note: `${jobs} held jobs through the slurm backend (slurmrestd unix socket), one at a time` },
          'slurm.sbatch_submits_per_second': { value: sbatch, note: `${jobs} sbatch --hold processes, one at a time, same oracle` },
          'slurm.rest_vs_sbatch': { value: rest / sbatch, note: 'ratio of the two, same run' },
        };
      } finally {
        cancelBenchJobs();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
