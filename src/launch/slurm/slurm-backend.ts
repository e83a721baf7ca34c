import { getPriority, hostname, userInfo } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { SpawnSlurmError, UsageError } from '../../core/errors.js';
import type { JobSpec } from '../../model/schema.js';
import type { ClusterTarget } from '../../store/cluster-ref.js';
import { jobDetail, makeEvent } from '../../store/event-log.js';
import type { JobRecord } from '../../store/job-record.js';
import type { JobStore } from '../../store/store.js';
import type { Backend, Submission, Submitted } from '../backend.js';
import { submittedEnvironment } from '../submit-environment.js';
import { clusterStoreRoot, openClusterStore } from './cluster-store.js';
import { jobSubmission } from './job-description/index.js';
import { withScriptFile } from './sbatch-arguments.js';
import { findLostSubmission, mayHaveArrived } from './lost-submission.js';
import { CommandsApi } from './commands-api.js';
import { connect } from './connection.js';
import type { SlurmApi } from './slurm-api.js';

/** A submission the version cannot carry: which option, and why. */
export class UnexpressibleError extends SpawnSlurmError {
  constructor(
    readonly items: { option: string; message: string }[],
    readonly version: string,
  ) {
    super('slurmrestd-unexpressible', items.map((i) => `slurmrestd ${version} cannot express --${i.option}: ${i.message}`).join('\n'));
  }
}

/** What sbatch itself adds to the environment it sends, beyond what the description adds (SLURM_SUBMIT_DIR, …). */
function sbatchVariables(): Record<string, string> {
  return { SLURM_SUBMIT_HOST: hostname(), SLURM_PRIO_PROCESS: String(getPriority()) };
}

function workDirOf(job: JobSpec, submitDir: string): string {
  return job.chdir ? (isAbsolute(job.chdir) ? job.chdir : resolve(submitDir, job.chdir)) : submitDir;
}

/**
 * Jobs on a real Slurm cluster through its slurmrestd: the job description is built from the job
 * model (slurmrestd does not read #SBATCH lines), so the job is the one sbatch would have made. The
 * id printed is the cluster's own.
 */
export class SlurmBackend implements Backend {
  readonly name = 'slurm';
  private opened: JobStore | null = null;

  constructor(
    private readonly stateDir: string,
    readonly target: ClusterTarget,
  ) {}

  /** The cluster's store, made when the first job is recorded (a cluster never reached leaves nothing behind). */
  get store(): JobStore {
    this.opened ??= openClusterStore(this.stateDir, this.target.name);
    return this.opened;
  }

  async testOnly(submission: Submission): Promise<string> {
    const api = await connect(this.target, clusterStoreRoot(this.stateDir, this.target.name));
    if (!(api instanceof CommandsApi)) throw new UsageError('--test-only is not available through slurmrestd', 'run sbatch --test-only on a login node of the cluster');
    return withScriptFile(clusterStoreRoot(this.stateDir, this.target.name), submission, (args) => api.testOnly(args, submission.submitDir, submission.environment));
  }

  async submit(submission: Submission): Promise<Submitted> {
    const { job, submitDir } = submission;
    const root = clusterStoreRoot(this.stateDir, this.target.name);
    const api = await connect(this.target, root);
    const workDir = workDirOf(job, submitDir);
    const jobId =
      api instanceof CommandsApi
        ? await withScriptFile(root, submission, (args) => api.sbatch(args, submitDir, submission.environment))
        : await this.submitThroughRest(api, submission, workDir);
    // The controller's record says which partition the job landed in (the cluster's default one when it names none).
    const partition = job.partition ?? (await api.job(jobId).catch(() => []))[0]?.partition ?? '';
    this.record(jobId, submission, workDir, api.version, partition);
    return { jobId };
  }

  /** The job description posted to slurmrestd; a lost answer is looked up on the cluster before anything is said. */
  private async submitThroughRest(api: SlurmApi, submission: Submission, workDir: string): Promise<number> {
    const { job, submitDir } = submission;
    const environment = { ...submittedEnvironment(job, submission.environment), ...sbatchVariables() };
    const { body, unexpressible } = jobSubmission(job, api.version, { workDir, submitDir, environment, hold: job.hold });
    if (unexpressible.length > 0) throw new UnexpressibleError(unexpressible, api.version);
    const submittedAt = Math.floor(Date.now() / 1000);
    try {
      const answer = await api.submit(body);
      for (const notice of answer.notices) process.stderr.write(`spawn-slurm: slurmrestd: ${notice}\n`);
      return answer.jobId;
    } catch (error) {
      if (!mayHaveArrived(error)) throw error;
      const lost = error as Error;
      const found = await findLostSubmission(api, lost, { name: job.name, user: this.target.user, workDir, since: submittedAt, known: (id) => this.store.readRecord(id) !== null });
      if (found !== null) return found;
      throw new SpawnSlurmError('slurmrestd-lost-submit', `${lost.message} during submit, and the cluster has no new job named "${job.name}": nothing was submitted`, 'submit again', {
        cause: lost,
      });
    }
  }

  private record(jobId: number, submission: Submission, workDir: string, version: string, partition: string): void {
    const user = userInfo();
    const job = submission.job;
    const record: JobRecord = {
      version: 1,
      id: jobId,
      idCount: 1,
      backend: this.name,
      submitTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      user: this.target.user,
      uid: user.uid,
      gid: user.gid,
      group: '',
      submitDir: submission.submitDir,
      workDir,
      partition,
      node: { clusterName: this.target.name, defaultPartition: '', nodeName: '', hostName: hostname(), cpus: 0, memoryMiB: 0, gpus: [], defMemPerCpuMiB: 0, killWaitSeconds: 0 },
      request: { cpus: job.components[0]?.needs.cpusPerNode ?? 1, memoryMiB: 0, gpus: job.components[0]?.needs.gpusPerNode ?? 0 },
      job,
      cluster: { ...this.target, apiVersion: version },
      ...(submission.placement ? { placement: submission.placement } : {}),
      ...(submission.rulesConfig ? { rulesConfig: submission.rulesConfig } : {}),
    };
    const submitted = makeEvent(this.store.storeId, 'Job Submitted', 'submitted', jobDetail(record, { state: 'PENDING', taskCount: job.array?.count ?? 1, workDir }));
    // The environment stays with the cluster; the store keeps only the job's own record and script.
    this.store.createJob(record, submission.script, {}, submitted);
  }
}
