// Deterministic generator of realistic batch scripts for throughput benchmarks.
import { mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = (random, list) => list[Math.floor(random() * list.length)];

export function generateScript(i) {
  const random = rng(i + 1);
  const lines = ['#!/bin/bash', `#SBATCH --job-name=job${i}`];
  lines.push(`#SBATCH --time=${pick(random, ['30', '1:00:00', '2-00:00:00', '0:45', '12:00:00'])}`);
  lines.push(`#SBATCH -N ${pick(random, ['1', '2', '1-4'])} --ntasks-per-node=${1 + Math.floor(random() * 8)}`);
  lines.push(`#SBATCH --cpus-per-task=${pick(random, ['1', '2', '4'])}`);
  lines.push(`#SBATCH --mem${pick(random, ['', '-per-cpu'])}=${pick(random, ['4G', '1024M', '16G'])}`);
  if (random() < 0.3) lines.push(`#SBATCH --gres=gpu:${pick(random, ['a100:', 'v100:', ''])}${1 + Math.floor(random() * 4)}`);
  if (random() < 0.4) lines.push(`#SBATCH --array=1-${10 + Math.floor(random() * 900)}%${1 + Math.floor(random() * 50)}`);
  lines.push(`#SBATCH --output=logs/%x-%A_%a.out  # per task`);
  if (random() < 0.2) lines.push('#SBATCH --dependency=afterok:12345:12346');
  if (random() < 0.1) lines.push('#SBATCH --mail-type=END,FAIL --mail-user=me@example.org');
  if (random() < 0.05) lines.push('#SBATCH --tim=10'); // a typo: lint reports it
  lines.push('', 'module load gcc/12.2.0', 'srun ./simulate --seed "$SLURM_ARRAY_TASK_ID"', '');
  return lines.join('\n');
}

/** Writes n scripts under dir (once; reused across runs). */
export function ensureCorpus(dir, n) {
  if (existsSync(dir) && readdirSync(dir).length === n) return dir;
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `job${String(i).padStart(5, '0')}.sbatch`), generateScript(i));
  return dir;
}
