import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { JobSpec } from '../../model/schema.js';
import type { Submission } from '../backend.js';

/** Options spawn-slurm itself acts on, which the cluster's sbatch must not see again. */
const HANDLED_HERE = new Set(['parsable', 'wait', 'test-only', 'quiet', 'wrap']);

/**
 * The command-line options of the submission, for the cluster's own sbatch: it reads the script's
 * directives and SBATCH_* variables itself, so only what the user typed is passed on.
 */
function commandLineOptions(job: JobSpec): string[] {
  const args: string[] = [];
  for (const [long, setting] of Object.entries(job.options)) {
    if (setting.source !== 'cli' || HANDLED_HERE.has(long)) continue;
    args.push(setting.value === null ? `--${long}` : `--${long}=${setting.value}`);
  }
  return args;
}

function sameBytes(path: string, script: Uint8Array): boolean {
  try {
    return Buffer.compare(readFileSync(path), Buffer.from(script)) === 0;
  } catch {
    return false;
  }
}

/**
 * Runs `work` with sbatch's arguments: options, the script file, its arguments. The user's own file
 * when it is still what was read (sbatch names the job and Command= after it); else (stdin, --wrap,
 * a file changed since) a private copy under the same name, removed afterwards.
 */
export async function withScriptFile<T>(storeRoot: string, submission: Submission, work: (args: string[]) => Promise<T>): Promise<T> {
  const { job, script, submitDir } = submission;
  const options = commandLineOptions(job);
  const original = resolve(submitDir, job.file);
  if (job.file !== '-' && job.file !== 'wrap' && existsSync(original) && sameBytes(original, script)) {
    return work([...options, original, ...job.script.args]);
  }
  mkdirSync(storeRoot, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(storeRoot, 'incoming-'));
  try {
    const copy = join(dir, job.file === '-' ? 'sbatch' : basename(job.file));
    writeFileSync(copy, script, { mode: 0o700 });
    return await work([...options, copy, ...job.script.args]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
