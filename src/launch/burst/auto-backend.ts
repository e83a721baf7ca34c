import type { BurstSettings } from '../../mapping/config/types.js';
import type { Backend, Submission, Submitted } from '../backend.js';
import { clusterStoreRoot } from '../slurm/cluster-store.js';
import { connect } from '../slurm/connection.js';
import { CommandsApi } from '../slurm/commands-api.js';
import { withScriptFile } from '../slurm/sbatch-arguments.js';
import type { SlurmBackend } from '../slurm/slurm-backend.js';
import { type ClusterLoad, clusterLoad } from './cluster-load.js';
import { type BurstDecision, decideBurst } from './decide.js';
import { planArraySplit } from './array-split-plan.js';
import { linkPart } from './split-links.js';
import { splitArray } from '../../model/array-split.js';
import type { JobArray, JobSpec } from '../../model/schema.js';

/** The job with only these array tasks; on the command line too, so that a cluster's own sbatch takes them over the script's --array. */
function withArray(job: JobSpec, array: JobArray): JobSpec {
  return { ...job, array, options: { ...job.options, array: { value: array.spec, source: 'cli' } } };
}

/** sbatch --test-only's "Job 62 to start at 2026-11-22T13:06:57 using …" in epoch seconds. */
function testOnlyStart(said: string): number | null {
  const match = /to start at (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)/.exec(said);
  return match?.[1] ? Math.floor(new Date(match[1]).getTime() / 1000) : null;
}

/**
 * `--backend auto`: the cluster first, another backend when the burst policy says the cluster is
 * too busy (or down, or unreachable). Says why in one line and records it with the job.
 */
export class AutoBackend implements Backend {
  readonly name = 'auto';
  decision: BurstDecision | null = null;
  chosen: Backend | null = null;
  /** The cluster's job id of a split array's head, once submitted. */
  clusterPart: number | null = null;
  private split: { head: JobArray; tail: JobArray } | null = null;

  constructor(
    private readonly cluster: SlurmBackend,
    private readonly elsewhere: Backend,
    private readonly policy: BurstSettings,
    private readonly stateDir: string,
    /** What the job would cost elsewhere at most (USD; null: unknown), for burst.max_cost_per_job. */
    private readonly costElsewhere?: (job: JobSpec) => Promise<number | null>,
  ) {}

  /** A decision to go elsewhere that burst.max_cost_per_job overrules: the job (or the part that would go) stays. */
  private async overCeiling(job: JobSpec): Promise<string | null> {
    const ceiling = this.policy.max_cost_per_job;
    if (ceiling === undefined || !this.costElsewhere) return null;
    const usd = await this.costElsewhere(job);
    if (usd !== null && usd <= ceiling) return null;
    const cost = usd === null ? 'an unknown amount (no price in the catalog)' : `up to $${usd.toFixed(2)}`;
    return `it would cost ${cost} on ${this.elsewhere.name}, above burst.max_cost_per_job $${ceiling.toFixed(2)}`;
  }

  private async load(submission: Submission, nowS: number): Promise<ClusterLoad | { unreachable: string }> {
    const target = this.cluster.target;
    try {
      const api = await connect(target, clusterStoreRoot(this.stateDir, target.name));
      const needCpus = submission.job.components[0]?.needs.cpusPerNode ?? 1;
      const load = await clusterLoad(api, submission.job.partition, needCpus, nowS);
      if (api instanceof CommandsApi) {
        // On a login node the scheduler itself says when the job would start.
        const said = await withScriptFile(clusterStoreRoot(this.stateDir, target.name), submission, (args) => api.testOnly(args, submission.submitDir, submission.environment)).catch(
          () => '',
        );
        const start = testOnlyStart(said);
        if (start !== null) return { ...load, expectedStart: start, basis: 'sbatch --test-only' };
      }
      return load;
    } catch (error) {
      return { unreachable: error instanceof Error ? error.message : String(error) };
    }
  }

  get clusterName(): string {
    return this.cluster.target.name;
  }

  async decide(submission: Submission): Promise<BurstDecision> {
    this.decision = await this.decided(submission);
    return this.decision;
  }

  private async decided(submission: Submission): Promise<BurstDecision> {
    const nowS = Math.floor(Date.now() / 1000);
    const load = await this.load(submission, nowS);
    const decision = decideBurst(this.policy, this.cluster.target.name, this.elsewhere.name, load, nowS);
    const cluster = this.cluster.target.name;
    if (!decision.stay) {
      const over = await this.overCeiling(submission.job);
      return over ? { stay: true, reason: `${decision.reason.replace(/: running it on .*$/, '')}, but ${over}: submitting to cluster ${cluster}` } : decision;
    }
    const array = submission.job.array;
    const split = array && !('unreachable' in load) ? planArraySplit(submission.job, load, this.policy, nowS) : null;
    if (!split || !array || 'unreachable' in load) return decision;
    const [head, tail] = splitArray(array, split.head);
    const tailOver = await this.overCeiling(withArray(submission.job, tail));
    if (tailOver)
      return { stay: true, reason: `partition ${load.partition} of cluster ${cluster} can start ${split.head} of the ${array.count} tasks now, but the rest ${tailOver}: all go there` };
    const later =
      split.nextStart === null
        ? 'cannot say when it would start the rest'
        : `would start the next at ${new Date(split.nextStart * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${Math.round((split.nextStart - nowS) / 60)} min`;
    this.split = { head, tail };
    return {
      stay: true,
      reason: `partition ${load.partition} of cluster ${cluster} can start ${split.head} of the ${array.count} tasks now and ${later}: tasks ${head.spec} go there, ${tail.spec} run on ${this.elsewhere.name}`,
    };
  }

  async submit(submission: Submission): Promise<Submitted> {
    const decision = this.decision ?? (await this.decide(submission));
    if (this.split) return this.submitSplit(submission, decision.reason, this.split);
    const backend = decision.stay ? this.cluster : this.elsewhere;
    this.chosen = backend;
    return backend.submit({ ...submission, placement: { backend: backend.name, reason: decision.reason } });
  }

  /**
   * One job for the user in two parts: the head of the array on the cluster, the tail here under the
   * id the user is given, each part knowing the other. The cluster part goes first: if the cluster
   * refuses it, nothing was made.
   */
  private async submitSplit(submission: Submission, reason: string, parts: { head: JobArray; tail: JobArray }): Promise<Submitted> {
    const { jobId: clusterJobId } = await this.cluster.submit({ ...submission, job: withArray(submission.job, parts.head), placement: { backend: this.cluster.name, reason } });
    this.clusterPart = clusterJobId;
    const split = { cluster: this.cluster.target.name, jobId: clusterJobId, indices: parts.head.spec };
    const submitted = await this.elsewhere.submit({ ...submission, job: withArray(submission.job, parts.tail), placement: { backend: this.elsewhere.name, reason, split } });
    linkPart(this.cluster.store, clusterJobId, submitted.jobId);
    this.chosen = this.elsewhere;
    return submitted;
  }

  async testOnly(submission: Submission): Promise<string> {
    const decision = await this.decide(submission);
    return `spawn-slurm: auto: ${decision.reason}\n${await (decision.stay ? this.cluster : this.elsewhere).testOnly(submission)}`;
  }
}
