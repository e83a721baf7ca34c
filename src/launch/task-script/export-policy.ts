import type { JobExport } from '../../model/schema.js';
import { shellQuote } from '../shell-quote.js';

/**
 * `--export` on the instance. The submitter's environment never travels to the cloud (it would carry
 * credentials), so ALL keeps the instance's own environment. NONE, NIL and a list without ALL start
 * from a login-like environment: what a login gives, Slurm's variables (Slurm always passes those),
 * and the listed names; `VAR=value` items are then set, as sbatch sets them.
 */

/** Kept under NONE: a login shell's basics, Slurm's own variables, GPU selection, an activated conda environment. */
const ALWAYS_KEPT = [
  'HOME',
  'PATH',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'TERM',
  'TMPDIR',
  'ENVIRONMENT',
  'HOSTNAME',
  'SLURM_*',
  'SLURMD_*',
  'CUDA_VISIBLE_DEVICES',
  'GPU_DEVICE_ORDINAL',
  'ROCR_VISIBLE_DEVICES',
  'CONDA_*',
];

function includesAll(policy: JobExport): boolean {
  return policy.mode === 'all' || (policy.mode === 'list' && policy.text.split(',').some((item) => item.trim().toUpperCase() === 'ALL'));
}

/** Only names a shell can hold; anything else could not have been set in a shell either. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function exportPolicyLines(policy: JobExport | null): string[] {
  if (policy === null) return [];
  const vars = policy.vars.filter((v) => SHELL_NAME.test(v.name));
  const lines: string[] = [];
  if (!includesAll(policy)) {
    const kept = [...ALWAYS_KEPT, ...vars.map((v) => v.name)].join('|');
    lines.push(`for v in $(compgen -e); do case $v in ${kept}) ;; *) unset "$v" 2>/dev/null;; esac; done`);
  }
  for (const v of vars) if (v.value !== null) lines.push(`export ${v.name}=${shellQuote(v.value)}`);
  return lines;
}
