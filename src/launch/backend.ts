import type { JobSpec } from '../model/schema.js';

/** A job as `submit` hands it to any backend. */
export interface Submission {
  job: JobSpec;
  /** The script, byte for byte. */
  script: Uint8Array;
  /** sbatch's working directory. */
  submitDir: string;
  /** The submission environment (before --export is applied). */
  environment: Record<string, string>;
  /** Why `--backend auto` chose this backend, recorded with the job. */
  placement?: Placement;
  /** Local backend: start tasks only when fed (the EC2 agent on an instance). */
  feedOnly?: true;
  /** Local backend: the nodes a multi-node job holds, this machine first (the EC2 agent on the first of the job's instances). */
  allocation?: { nodeNames: string[] };
  /** The configuration file whose `rules:` the job's events are matched against. */
  rulesConfig?: string;
}

export interface Placement {
  /** The backend that runs the job. */
  backend: string;
  /** One line, as `submit` printed it. */
  reason: string;
  /** For the part of a split array run here: where the other part runs. */
  split?: { cluster: string; jobId: number; indices: string };
}

export interface Submitted {
  /** The id to print: `Submitted batch job N`. */
  jobId: number;
}

/**
 * One interface for every backend (local, ec2, slurm, spawn): submit a job; the job's record and
 * events then live in the store, where queue, history, cancel and logs find them.
 */
export interface Backend {
  readonly name: string;
  submit(submission: Submission): Submitted | Promise<Submitted>;
  /** sbatch --test-only: what the backend would do, as sbatch prints it; no job is made. */
  testOnly(submission: Submission): string | Promise<string>;
}
