import type { ApiVersion } from '../api-version.js';

/** A slurmrestd job API version (the lead's ApiVersion: v0.0.38 is 22.05, v0.0.39 23.02, v0.0.40–42 24.11). */
export type RestApiVersion = ApiVersion;

export interface DescriptionContext {
  /** Absolute: where sbatch would run the job (--chdir resolved against submitDir). */
  workDir: string;
  /** Where the job was submitted from (sbatch's cwd). */
  submitDir: string;
  /** The environment the job gets, already computed per --export by the caller. */
  environment: Record<string, string>;
  /** Submit held, whatever the script says. */
  hold?: boolean;
}

export interface Unexpressible {
  /** The sbatch long option name as in job.options, e.g. 'gpus-per-socket'. */
  option: string;
  /** One line: what this API version cannot express and what the user can do. */
  message: string;
}

export interface JobSubmission {
  /** The whole POST /slurm/<version>/job/submit payload. */
  body: Record<string, unknown>;
  unexpressible: Unexpressible[];
}
