import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, SpawnSlurmError } from '../../core/errors.js';
import type { Plan } from '../../mapping/plan-types.js';
import type { JobSpec } from '../../model/schema.js';
import { jobDetail, makeEvent } from '../../store/event-log.js';
import type { Ec2JobRef } from '../../store/ec2-ref.js';
import { reserveJobIds } from '../../store/job-ids.js';
import type { JobRecord } from '../../store/job-record.js';
import { tryLock, unlock } from '../../store/lock.js';
import type { JobStore } from '../../store/store.js';
import type { Backend, Submission, Submitted } from '../backend.js';
import { currentUser } from '../local/user-identity.js';
import { submittedEnvironment } from '../submit-environment.js';
import { launchFile, openEc2Store } from './ec2-store.js';
import { efsMountFor, type EfsMount } from './efs-mount.js';
import { instanceEnvironment } from './instance-environment.js';
import { jobPrefix } from './job-prefix.js';
import { outputDirectories } from './output-directories.js';
import { jobTags, STORE_ID_TAG } from './job-tags.js';
import { placementGroupName } from './placement-group.js';
import type { LaunchRequest } from './launch-instances.js';
import { dependencyGate } from './tracking/dependency-gate.js';
import { endUnlaunched, launchJobInstances, type StoredLaunch } from './tracking/launch-job.js';
import { ensureEc2Watcher } from './tracking/watcher-process.js';
import { uploadJob } from './upload-job.js';
import { filesMatching, stageInputs } from './staged-inputs.js';
import { userDataFor } from './user-data.js';

export interface Ec2Options {
  /**
   * The Plan for the job submitted (what estimate prices; for the cloud part of a split array, that
   * part), and the confirmation to ask before anything is launched. Throws when no plan can be made.
   */
  prepare(job: JobSpec): Promise<PreparedLaunch>;
  profile?: string;
  /** One-line notices for the user (standard error). */
  notice(message: string): void;
  /** A progress bar while instances are launched. */
  progress?: { update(launched: number, wanted: number): void; stop(): void };
}

export interface PreparedLaunch {
  plan: Plan;
  /** Shows what would be launched and asks; throws to refuse. */
  confirm(): Promise<void>;
}

const refused = (message: string, hint: string) => new InputError(`sbatch: error: Batch job submission failed: ${message}`, hint);

/** What an EC2 job needs that the plan or mapping.yaml may lack, checked before anything costs money. */
function launchable(plan: Plan) {
  const placement = plan.placement;
  if (!placement) throw refused('no instance type can run this job', 'see spawn-slurm estimate for why');
  if (placement.instancesPerTask > 1 && plan.job.array)
    throw refused(
      `an array of ${placement.instancesPerTask}-node tasks is not supported by the ec2 backend`,
      'submit each task as its own job, or run the array on a cluster with --backend slurm',
    );
  if (plan.job.components.length > 1) throw refused('heterogeneous jobs are not supported by the ec2 backend', 'run it on a cluster with --backend slurm');
  const s3 = plan.storage.s3;
  if (!s3) throw refused('the ec2 backend needs an S3 bucket for the job', 'set storage.s3.bucket in mapping.yaml');
  if (!plan.spawn.iamRole) throw refused('instances need an instance profile to reach the bucket', 'set spawn.iam_role in mapping.yaml (see iam/spawn-slurm-instance-policy.json)');
  if (!plan.ami.id) throw refused(`no AMI for ${plan.ami.arch}`, `set defaults.ami.${plan.ami.arch} in mapping.yaml to an Amazon Linux 2023 or Ubuntu image id`);
  return { placement, s3, iamRole: plan.spawn.iamRole, imageId: plan.ami.id };
}

/** storage.efs and where it goes; refused when nothing says where it is mounted. */
function efsFor(plan: Plan, submitDir: string): EfsMount | undefined {
  const efs = efsMountFor(plan.storage, plan.placement?.region ?? '', submitDir);
  if (efs === null)
    throw refused(
      `storage.efs ${plan.storage.efs} is not mounted on this machine, so nothing says where the instances should mount it`,
      'set storage.efs_mount in mapping.yaml to the path where the cluster mounts it',
    );
  return efs;
}

/** Runs the Plan on EC2: the job's objects go to S3 once, its instances are launched in batches and run it. */
export class Ec2Backend implements Backend {
  readonly name = 'ec2';
  readonly store: JobStore;

  constructor(
    private readonly stateDir: string,
    private readonly options: Ec2Options,
  ) {
    this.store = openEc2Store(stateDir);
  }

  async testOnly(submission: Submission): Promise<string> {
    const { plan } = await this.options.prepare(submission.job);
    const { placement } = launchable(plan);
    efsFor(plan, submission.submitDir);
    const type = placement.candidates[0]?.instanceType ?? '?';
    return `sbatch: Job would launch ${placement.packing.instances} × ${type} in ${placement.region} (${placement.purchase}), ${placement.packing.tasksPerInstance} task(s) at a time on each`;
  }

  async submit(submission: Submission): Promise<Submitted> {
    const prepared = await this.options.prepare(submission.job);
    const { plan } = prepared;
    const { placement, s3, iamRole, imageId } = launchable(plan);
    const efs = efsFor(plan, submission.submitDir);
    await prepared.confirm();
    const job = submission.job;
    const chosen = placement.candidates[0] as NonNullable<(typeof placement.candidates)[0]>;
    const count = job.array?.count ?? 1;
    const id = reserveJobIds(this.stateDir, count);
    const prefix = jobPrefix(s3.prefix, this.store.storeId, id);
    const ref: Ec2JobRef = {
      region: placement.region,
      ...(this.options.profile ? { profile: this.options.profile } : {}),
      bucket: s3.bucket,
      prefix,
      purchase: placement.purchase,
      instanceType: chosen.instanceType,
      tasksPerInstance: placement.packing.tasksPerInstance,
      instances: placement.packing.instances,
      ...(placement.instancesPerTask > 1 ? { nodes: placement.instancesPerTask } : {}),
    };
    const record = this.recordFor(submission, plan, id, ref, chosen);
    const { environment, withheld } = instanceEnvironment(submission.environment);
    if (withheld.length > 0) this.options.notice(`not sent to the instances (secrets or this machine's own): ${withheld.join(' ')}`);
    const detail = jobDetail(record, { state: 'PENDING', taskCount: count, workDir: record.workDir });
    this.store.createJob(record, submission.script, submittedEnvironment(job, environment), makeEvent(this.store.storeId, 'Job Submitted', 'submitted', detail));
    const submitLock = launchFile(this.store, id, 'submit.lock');
    tryLock(submitLock);
    try {
      await this.launch(submission, plan, record, environment, { placement, s3, iamRole, imageId }, efs);
    } finally {
      unlock(submitLock);
    }
    ensureEc2Watcher(this.stateDir);
    return { jobId: id };
  }

  /** Puts the job in S3 and launches its instances; a submit killed in here is resumed by the next tracker. */
  private async launch(
    submission: Submission,
    plan: Plan,
    record: JobRecord,
    environment: Record<string, string>,
    { placement, s3, iamRole, imageId }: ReturnType<typeof launchable>,
    efs: EfsMount | undefined,
  ): Promise<void> {
    const job = submission.job;
    const id = record.id;
    const prefix = (record.ec2 as Ec2JobRef).prefix;

    const multiNode = placement.instancesPerTask > 1;
    const request: Omit<LaunchRequest, 'batchKey' | 'count'> = {
      jobId: id,
      allOrNothing: multiNode,
      candidates: placement.candidates.map((c) => ({ instanceType: c.instanceType, ...(multiNode && c.efa ? { efa: true } : {}) })),
      ...(multiNode && placement.placementGroup ? { placementGroup: placementGroupName(this.store.storeId, id) } : {}),
      purchase: placement.purchase,
      imageId,
      userData: userDataFor({ jobId: id, bucket: s3.bucket, prefix, ttlMinutes: plan.instanceTtlMinutes }),
      iamInstanceProfile: iamRole,
      ...(plan.spawn.keyName ? { keyName: plan.spawn.keyName } : {}),
      tags: {
        ...jobTags({ jobId: id, name: job.name, user: record.user, tasks: job.array?.spec ?? null, ttlMinutes: plan.instanceTtlMinutes, launchedAt: new Date(), extra: plan.spawn.tags }),
        [STORE_ID_TAG]: this.store.storeId,
      },
    };
    // Written before anything is launched: a tracker that finds no instances resumes from it.
    writeFileSync(
      launchFile(this.store, id, 'launch.json'),
      `${JSON.stringify({ request, tasksPerInstanceByType: Object.fromEntries(placement.candidates.map((c) => [c.instanceType, c.tasksPerInstance])), ttlMinutes: plan.instanceTtlMinutes } satisfies StoredLaunch)}\n`,
      { mode: 0o600 },
    );

    const { s3ObjectStore } = await import('./job-objects/s3-object-store.js');
    const objects = s3ObjectStore({ region: placement.region, bucket: s3.bucket, ...(this.options.profile ? { profile: this.options.profile } : {}) });
    try {
      if (efs?.sharesSubmitDir) {
        this.options.notice(`the submit directory is on EFS ${efs.fileSystemId}, which the instances mount at ${efs.mountPoint}: the job reads and writes it there`);
      } else {
        const inputs = await stageInputs(objects, prefix, submission.submitDir, await filesMatching(submission.submitDir, plan.storage.inputs));
        if (inputs.files > 0) this.options.notice(`put ${inputs.files} input file(s), ${(inputs.bytes / 1048576).toFixed(1)} MiB, in S3 once for the job`);
      }
      await uploadJob(objects, prefix, {
        jobId: id,
        job,
        script: Buffer.from(submission.script).toString('base64'),
        environment,
        submitDir: submission.submitDir,
        slots: placement.packing.tasksPerInstance,
        slotsByType: Object.fromEntries(placement.candidates.map((c) => [c.instanceType, c.tasksPerInstance])),
        directories: outputDirectories(record),
        outputs: plan.storage.outputs,
        ...(multiNode ? { nodes: placement.instancesPerTask } : {}),
        ...(efs ? { efs } : {}),
      });
    } catch (error) {
      endUnlaunched(this.store, record);
      throw new SpawnSlurmError(
        'ec2-upload-failed',
        `could not put the job in s3://${s3.bucket}/${prefix}: ${error instanceof Error ? error.message : String(error)}`,
        'check the bucket name, its region and your S3 permissions (iam/spawn-slurm-user-policy.json)',
      );
    } finally {
      objects.destroy();
    }
    if (job.dependency) {
      const gate = dependencyGate(this.stateDir, record);
      if (gate.status !== 'launch' || gate.neverIndices.length > 0) {
        this.options.notice(`job ${id} waits for its dependency: nothing is launched, and nothing bills, until it is satisfied`);
        return;
      }
    }
    const progress = this.options.progress;
    let launched: Awaited<ReturnType<typeof launchJobInstances>>;
    try {
      launched = await launchJobInstances(this.store, record, {
        batchKey: 'tasks',
        count: placement.packing.instances,
        ...(progress ? { onProgress: (n, of) => progress.update(n, of) } : {}),
      });
    } finally {
      progress?.stop();
    }
    if (launched.shortfall) this.options.notice(`launched ${launched.instances} of ${placement.packing.instances} instances; the others' tasks wait for a free slot (${launched.shortfall})`);
  }

  private recordFor(
    submission: Submission,
    plan: Plan,
    id: number,
    ref: Ec2JobRef,
    chosen: { instanceType: string; vcpus: number; memoryMiB: number; gpu: { count: number } | null },
  ): JobRecord {
    const job = submission.job;
    const needs = plan.placement?.needs;
    return {
      version: 1,
      id,
      idCount: job.array?.count ?? 1,
      backend: this.name,
      submitTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...currentUser(),
      submitDir: submission.submitDir,
      workDir: job.chdir ? resolve(submission.submitDir, job.chdir) : submission.submitDir,
      partition: job.partition?.split(',')[0] || 'ec2',
      node: {
        clusterName: 'ec2',
        defaultPartition: 'ec2',
        nodeName: chosen.instanceType,
        hostName: chosen.instanceType,
        cpus: chosen.vcpus,
        memoryMiB: chosen.memoryMiB,
        gpus: chosen.gpu ? [...Array(chosen.gpu.count).keys()] : [],
        defMemPerCpuMiB: 0,
        killWaitSeconds: 30,
      },
      request: { cpus: needs?.vcpus ?? 1, memoryMiB: typeof needs?.jobMemoryMiB === 'number' ? needs.jobMemoryMiB : 0, gpus: needs?.gpus ?? 0 },
      job,
      ec2: ref,
      ...(submission.placement ? { placement: submission.placement } : {}),
      ...(submission.rulesConfig ? { rulesConfig: submission.rulesConfig } : {}),
    };
  }
}
