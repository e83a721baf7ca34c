import { setTimeout as sleep } from 'node:timers/promises';
import { isSpawnSlurmError, SpawnSlurmError } from '../../core/errors.js';
import type { SlurmApi } from './slurm-api.js';

export interface SubmittedJobTraits {
  name: string;
  user: string;
  workDir: string;
  /** Epoch seconds just before the submit request went out. */
  since: number;
  /** Ids already recorded in the store (a job found again must be a new one). */
  known: (id: number) => boolean;
}

/** Errors after which the request may have reached the controller: the answer, not the request, was lost. */
export function mayHaveArrived(error: unknown): boolean {
  if (!isSpawnSlurmError(error) || error.code !== 'slurmrestd-unreachable') return false;
  const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
  return cause?.code !== 'ENOENT' && cause?.code !== 'ECONNREFUSED' && cause?.code !== 'EACCES';
}

const LOOKUPS = 4;
const FIRST_PAUSE_MS = 500;
/** The controller's clock may differ from ours by this much. */
const CLOCK_SKEW_S = 120;

/**
 * After a submit whose answer was lost (mayHaveArrived), whether the job exists: the one job of this user, name and
 * working directory submitted since the request went out. Returns its id, or null when there is
 * none (then nothing was made and a retry is safe). Throws, saying so, when the cluster cannot be
 * asked or more than one job matches: the user must look before submitting again.
 */
export async function findLostSubmission(api: SlurmApi, error: Error, traits: SubmittedJobTraits): Promise<number | null> {
  let lastFailure: unknown = error;
  for (let attempt = 0; attempt < LOOKUPS; attempt++) {
    if (attempt > 0) await sleep(FIRST_PAUSE_MS * 2 ** (attempt - 1));
    let jobs: Awaited<ReturnType<SlurmApi['jobs']>>;
    try {
      jobs = await api.jobs();
    } catch (failure) {
      lastFailure = failure;
      continue;
    }
    const ids = new Set(
      jobs
        .filter((j) => j.user === traits.user && j.name === traits.name && j.workDir === traits.workDir && (j.submitTime ?? 0) >= traits.since - CLOCK_SKEW_S)
        .map((j) => j.arrayJobId ?? j.jobId)
        .filter((id) => !traits.known(id)),
    );
    if (ids.size === 1) return [...ids][0] ?? null;
    if (ids.size === 0) return null;
    throw new SpawnSlurmError(
      'slurmrestd-lost-submit',
      `the connection to slurmrestd was lost during submit, and jobs ${[...ids].join(', ')} all look like this one`,
      `check them with squeue on the cluster and cancel the extra ones; spawn-slurm recorded none of them`,
    );
  }
  const why = lastFailure instanceof Error ? lastFailure.message : String(lastFailure);
  throw new SpawnSlurmError(
    'slurmrestd-lost-submit',
    `the connection to slurmrestd was lost during submit and the cluster cannot be asked whether the job exists (${why})`,
    `before submitting again, look for a job named "${traits.name}" with squeue on the cluster`,
  );
}
