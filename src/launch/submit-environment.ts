import type { JobSpec } from '../model/schema.js';
import { applyExport, parseExport } from '../parser/values/export.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../parser/values/context.js';

/**
 * The environment sbatch sends with the job (slurm-semantics §4.1): the submission environment under
 * `--export`, by the parser's own rules. Only this is stored with the job, never the rest.
 */
export function submittedEnvironment(job: JobSpec, submitEnv: Record<string, string>): Record<string, string> {
  const text = job.export?.text ?? 'ALL';
  const parsed = parseExport(text, { release: job.release, maxArraySize: DEFAULT_MAX_ARRAY_SIZE, arraySizeIsHardLimit: false, now: new Date() });
  if (!parsed.ok) return { ...submitEnv };
  return applyExport(parsed.value, submitEnv);
}
