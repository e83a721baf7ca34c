import { isAbsolute, resolve } from 'node:path';
import type { Description, FieldWriter } from './description.js';
import { textOption } from './option-values.js';

/** sbatch's `-o none` (any case) is /dev/null. */
const ioPath = (pattern: string | null) => (pattern === null ? undefined : pattern.toLowerCase() === 'none' ? '/dev/null' : pattern);

/** What sbatch adds to the environment it sends (sbatch.c): the REST job would lack them otherwise. */
function environmentOf(d: Description): Record<string, string> {
  const environment: Record<string, string> = { ...d.context.environment, SLURM_SUBMIT_DIR: d.context.submitDir };
  if (d.job.export) environment.SLURM_EXPORT_ENV = d.job.export.text;
  if (d.job.getUserEnv) environment.SLURM_GET_USER_ENV = '1';
  return environment;
}

export const ioFields: FieldWriter = {
  options: ['job-name', 'chdir', 'output', 'error', 'input', 'open-mode', 'export', 'export-file', 'get-user-env'],
  write(d) {
    const { job } = d;
    // Every component carries what the batch step needs to start: v0.0.38 requires an environment in each.
    d.put('job-name', 'name', job.name);
    d.put('chdir', 'current_working_directory', d.context.workDir);
    const environment = environmentOf(d);
    d.put('export', 'environment', d.sbatchShaped ? environment : Object.entries(environment).map(([k, v]) => `${k}=${v}`));
    d.put('output', 'standard_output', ioPath(job.output));
    d.put('error', 'standard_error', ioPath(job.error));
    d.put('input', 'standard_input', ioPath(job.input));
    if (job.openMode !== null) d.put('open-mode', 'open_mode', d.sbatchShaped ? job.openMode : [job.openMode.toUpperCase()]);
    if (d.has('get-user-env') && d.sbatchShaped) d.put('get-user-env', 'get_user_environment', textOption(d, 'get-user-env') ?? null);
    const script = isAbsolute(job.file) ? job.file : resolve(d.context.submitDir, job.file);
    if (job.script.args.length) d.put('script', 'argv', [script, ...job.script.args]);
  },
};
