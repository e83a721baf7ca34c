import { SpawnSlurmError } from '../../core/errors.js';
import { jobSubmission } from '../../launch/slurm/job-description/index.js';
import { failureOf } from '../../launch/slurm/rest-errors.js';
import type { SlurmApi } from '../../launch/slurm/slurm-api.js';
import { submittedEnvironment } from '../../launch/submit-environment.js';
import { analyseScript } from '../../model/analyse.js';
import type { JsonObject } from '../json.js';
import { eventEnvironment, substituteEventVariables } from '../rules/event-environment.js';
import type { DeployedSubmit, Deployment } from './deployment.js';

/** What the job's environment starts from: the function's own (AWS credentials among it) is never sent. */
const BASE_ENVIRONMENT = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

/** The job comment that marks a job as this (rule, event)'s, so a retry can find it on the cluster. */
const ruleJobComment = (key: string) => `spawn-slurm-rule:${key}`;

/**
 * Submits a rule's script to the cluster as the local `submit --backend slurm` would: the script read
 * with the action's args (`${SPAWN_EVENT_…}` substituted), SPAWN_EVENT_* and SPAWN_RULE_KEY in the job's
 * environment, the job description built for the cluster's API version. A script sbatch would refuse,
 * or one the version cannot express, is a `slurm-rule-submit` error: retrying cannot help.
 */
export async function submitRuleJob(api: SlurmApi, deployment: Deployment, action: DeployedSubmit, event: JsonObject, key: string): Promise<number> {
  const source = deployment.scripts[action.submit];
  if (!source) throw new SpawnSlurmError('slurm-rule-submit', `${action.submit} is not in the deployment`, 'run spawn-slurm events deploy again');
  const eventEnv = eventEnvironment(event);
  const cliArgs = [...action.args.map((a) => substituteEventVariables(a, eventEnv)), `--comment=${ruleJobComment(key)}`];
  const analysis = analyseScript(source, {
    fileName: action.submit,
    release: deployment.slurmRelease,
    env: {},
    cliArgs,
    maxArraySize: deployment.maxArraySize,
    arraySizeIsHardLimit: true,
    now: new Date(),
  });
  const refused = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (!analysis.accepted || refused.length > 0)
    throw new SpawnSlurmError('slurm-rule-submit', `sbatch would refuse ${action.submit}: ${refused.map((d) => d.message).join('; ') || 'see spawn-slurm inspect'}`);
  const job = analysis.job;
  const environment = submittedEnvironment(job, { ...BASE_ENVIRONMENT, ...eventEnv, SPAWN_RULE_KEY: key });
  const workDir = job.chdir?.startsWith('/') ? job.chdir : `${deployment.submitDir}/${job.chdir ?? ''}`.replace(/\/+$/, '');
  const { body, unexpressible } = jobSubmission(job, api.version, { workDir, submitDir: deployment.submitDir, environment, hold: job.hold });
  if (unexpressible.length > 0) throw new SpawnSlurmError('slurm-rule-submit', unexpressible.map((u) => `slurmrestd ${api.version} cannot express --${u.option}: ${u.message}`).join('; '));
  return (await api.submit(body)).jobId;
}

/** The job an earlier attempt submitted for this (rule, event), by its comment; null when there is none. */
export async function findRuleJob(api: SlurmApi, key: string): Promise<number | null> {
  const collection = api.version === 'v0.0.38' || api.version === 'v0.0.39' ? 'jobs' : 'jobs/';
  const answer = await api.client.request('GET', `/slurm/${api.version}/${collection}`);
  const jobs = answer.status === 200 && typeof answer.body === 'object' && answer.body !== null ? (answer.body as { jobs?: unknown }).jobs : undefined;
  if (!Array.isArray(jobs)) throw failureOf(answer, `list jobs on slurmrestd at ${api.client.address}`);
  const comment = ruleJobComment(key);
  const found = jobs.find((j) => typeof j === 'object' && j !== null && (j as { comment?: unknown }).comment === comment) as { job_id?: unknown; array_job_id?: unknown } | undefined;
  if (!found) return null;
  const arrayJobId = Number(found.array_job_id);
  return arrayJobId > 0 ? arrayJobId : Number(found.job_id);
}
