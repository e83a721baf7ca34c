import { resolve } from 'node:path';
import { jobSubmission, type RestApiVersion, type Unexpressible } from '../../src/launch/slurm/job-description/index.js';
import { RestClient } from '../../src/launch/slurm/rest-client.js';
import { messagesOf } from '../../src/launch/slurm/rest-errors.js';
import { submittedEnvironment } from '../../src/launch/submit-environment.js';
import { oracleEnv, type Oracle } from './oracle.js';
import type { CaseRun } from './run-case.js';

export interface RestRun {
  jobId: number | null;
  /** Why slurmrestd refused the job (null when it took it). */
  refusal: string | null;
  unexpressible: Unexpressible[];
}

export interface RestApi {
  client: RestClient;
  version: RestApiVersion;
}

/**
 * The case's job (as spawn-slurm read it, with the run's cluster overrides) submitted held through
 * slurmrestd. A job id in the answer is a job made, whatever errors come with it: like sbatch, the
 * controller makes a held job it cannot place yet ("Requested partition configuration not available now").
 */
export async function submitThroughRest(api: RestApi, oracle: Oracle, run: CaseRun): Promise<RestRun> {
  const job = run.ours.analysis.job;
  const workDir = resolve(run.dir, job.chdir ?? '.');
  const environment = submittedEnvironment(job, oracleEnv(oracle, run.case.env ?? {}));
  const { body, unexpressible } = jobSubmission(job, api.version, { workDir, submitDir: run.dir, environment, hold: true });
  const answer = await api.client.request('POST', `/slurm/${api.version}/job/submit`, body);
  const id = typeof answer.body === 'object' && answer.body !== null ? Number((answer.body as { job_id?: unknown }).job_id) : Number.NaN;
  if (Number.isInteger(id) && id > 0) return { jobId: id, refusal: null, unexpressible };
  return { jobId: null, refusal: `HTTP ${answer.status}: ${messagesOf(answer.body).join('; ') || JSON.stringify(answer.body)}`, unexpressible };
}

/** A client of the oracle's rest_auth/local slurmrestd at one version, or null when it does not answer. */
export async function restApi(oracle: Oracle, version: RestApiVersion): Promise<RestApi | null> {
  const client = new RestClient({ url: `unix:${oracle.restSocket}`, user: null, token: null });
  try {
    const ping = await client.request('GET', `/slurm/${version}/ping`);
    return ping.status === 200 ? { client, version } : null;
  } catch {
    return null;
  }
}
