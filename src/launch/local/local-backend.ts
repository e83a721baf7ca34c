import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { slurmTimestamp } from '../../core/slurm-times.js';
import { releaseAtLeast } from '../../parser/slurm-release.js';
import { jobDetail, makeEvent } from '../../store/event-log.js';
import type { JobRecord } from '../../store/job-record.js';
import { JobStore } from '../../store/store.js';
import type { Backend, Submission, Submitted } from '../backend.js';
import { existingEc2Store } from '../ec2/ec2-store.js';
import { submittedEnvironment } from '../submit-environment.js';
import { localNodeFacts, type LocalSettings } from './node-facts.js';
import { sendRequest } from './requests.js';
import { writeSlurmConf } from './slurm-conf.js';
import { ensureSupervisor } from './supervisor-process.js';
import { checkRequest } from './task-request.js';
import { currentUser } from './user-identity.js';

const submissionFailed = (reason: string, hint?: string) => new InputError(`sbatch: error: Batch job submission failed: ${reason}`, hint);

/** This machine as a one-node Slurm cluster: jobs run under the store's supervisor. */
export class LocalBackend implements Backend {
  readonly name = 'local';
  readonly store: JobStore;

  constructor(
    stateDir: string,
    private readonly settings: LocalSettings = {},
  ) {
    this.store = new JobStore(stateDir);
  }

  /** Refuses what this machine can never run, saying by how much, before any id is taken. */
  private validate(submission: Submission, node: ReturnType<typeof localNodeFacts>): ReturnType<typeof checkRequest> {
    const job = submission.job;
    const check = checkRequest(job, node, submission.allocation?.nodeNames.length ?? 1);
    if (check.refusals.length > 0) {
      throw submissionFailed(`Requested node configuration is not available: ${check.refusals.join('; ')}`, 'ask for what this machine has, or submit with --backend ec2 or slurm');
    }
    const dependency = job.dependency;
    if (dependency?.terms.some((t) => t.type === 'expand')) throw submissionFailed('Job dependency problem: expand is for heterogeneous jobs, which the local backend does not run');
    // 23.02 and later refuse a dependency on a job the controller does not know; 22.05 takes it as satisfied.
    if (dependency && releaseAtLeast(job.release, '23.02')) {
      const ec2 = existingEc2Store(this.store.root);
      for (const term of dependency.terms) for (const target of term.jobs) if (!this.store.ownerOf(target.id) && !ec2?.ownerOf(target.id)) throw submissionFailed('Job dependency problem');
    }
    return check;
  }

  /**
   * sbatch --test-only: every check of a real submit, and the controller's will-run answer, but no job.
   * Like Slurm it uses up a job id.
   */
  testOnly(submission: Submission): string {
    const node = localNodeFacts(this.settings);
    const check = this.validate(submission, node);
    const id = this.store.reserveIds(1);
    const partition = submission.job.partition?.split(',')[0] || node.defaultPartition;
    const at = new Date(Math.max(Date.now(), submission.job.begin ? Date.parse(submission.job.begin) : 0));
    return `sbatch: Job ${id} to start at ${slurmTimestamp(at.toISOString())} using ${check.request.cpus} processors on nodes ${node.nodeName} in partition ${partition}`;
  }

  submit(submission: Submission): Submitted {
    const node = localNodeFacts(this.settings);
    const check = this.validate(submission, node);
    const job = submission.job;
    const count = job.array?.count ?? 1;
    const identity = currentUser();
    const id = this.store.reserveIds(count);
    const record: JobRecord = {
      version: 1,
      id,
      idCount: count,
      backend: this.name,
      submitTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...identity,
      submitDir: submission.submitDir,
      workDir: job.chdir ? resolve(submission.submitDir, job.chdir) : submission.submitDir,
      partition: job.partition?.split(',')[0] || node.defaultPartition,
      node,
      request: check.request,
      job,
      ...(submission.placement ? { placement: submission.placement } : {}),
      ...(submission.rulesConfig ? { rulesConfig: submission.rulesConfig } : {}),
      ...(submission.feedOnly ? { feedOnly: true as const } : {}),
      ...(submission.allocation ? { allocation: submission.allocation } : {}),
    };
    const detail = jobDetail(record, { state: 'PENDING', reason: job.hold ? 'JobHeldUser' : null, taskCount: count, workDir: record.workDir });
    const submitted = makeEvent(this.store.storeId, 'Job Submitted', 'submitted', detail);
    writeSlurmConf(this.store.root, node);
    this.store.createJob(record, submission.script, submittedEnvironment(job, submission.environment), submitted);
    sendRequest(this.store.requestDir, { op: 'submitted', jobId: id });
    ensureSupervisor(this.store);
    return { jobId: id };
  }
}
