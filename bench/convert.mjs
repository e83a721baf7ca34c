// `convert` of a 1,000,000-task array: wall time, peak memory, and the size of what it writes beside the
// size a file with the whole task script in every row would have. One task per row (no packing), so the
// figure counts a million rows.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { runNode } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'spawn-slurm.cjs');
const TASKS = 1_000_000;

const SCRIPT = `#!/bin/bash
#SBATCH --job-name=million
#SBATCH --array=0-${TASKS - 1}%500
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=0:20:00
#SBATCH --output=logs/%x-%A_%a.out
#SPAWN --iam-role=bench-instance-profile
#SPAWN --tasks-per-instance=1
python simulate.py --seed "$SLURM_ARRAY_TASK_ID"
`;

export const benchmarks = [
  {
    name: 'convert.1m',
    run() {
      const dir = join(root, 'bench', 'tmp', 'convert-1m');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const script = join(dir, 'million.sbatch');
      writeFileSync(script, SCRIPT);
      const args = [bin, 'convert', script, '--max-array-size', String(TASKS + 1), '--stage', 's3://bench-bucket/jobs/', '--json'];
      const runs = [1, 2, 3].map(() => runNode(args, { cwd: dir, env: { ...process.env, NO_COLOR: '1' } }));
      for (const r of runs) if (r.status !== 0) throw new Error(`convert failed (${r.status}): ${r.stderr}`);
      const best = runs.sort((a, b) => a.seconds - b.seconds)[0];
      const written = JSON.parse(best.stdout);
      if (written.rows !== TASKS) throw new Error(`convert wrote ${written.rows} rows, expected ${TASKS}`);
      const bytes = statSync(resolve(dir, written.paramFile)).size;
      return {
        'convert.1m_seconds': { value: best.seconds, goal: '≤ 3', note: `${TASKS} array tasks, one invocation, best of 3` },
        'convert.1m_peak_mb': { value: Math.max(...runs.map((r) => r.peakMb)), goal: '≤ 150', note: 'peak resident memory, worst of the 3 runs' },
        'convert.1m_bytes': { value: bytes + written.bundleBytes, note: `parameter file ${bytes} B + job bundle ${written.bundleBytes} B, written once` },
        'convert.1m_naive_bytes': { value: written.bundleBytes * TASKS, note: 'the task script and job script in every row (computed, not written)' },
      };
    },
  },
];
