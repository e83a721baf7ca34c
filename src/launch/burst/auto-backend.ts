import type { BurstSettings } from '../../mapping/config/types.js';
import type { Backend, Submission, Submitted } from '../backend.js';
import { clusterStoreRoot } from '../slurm/cluster-store.js';
import { connect } from '../slurm/connection.js';
import { CommandsApi } from '../slurm/commands-api.js';
import { withScriptFile } from '../slurm/sbatch-arguments.js';
import type { SlurmBackend } from '../slurm/slurm-backend.js';
import { type ClusterLoad, clusterLoad } from './cluster-load.js';
import { type BurstDecision, decideBurst } from './decide.js';

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

  constructor(
    private readonly cluster: SlurmBackend,
    private readonly elsewhere: Backend,
    private readonly policy: BurstSettings,
    private readonly stateDir: string,
  ) {}

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

  async decide(submission: Submission): Promise<BurstDecision> {
    const nowS = Math.floor(Date.now() / 1000);
    this.decision = decideBurst(this.policy, this.cluster.target.name, this.elsewhere.name, await this.load(submission, nowS), nowS);
    return this.decision;
  }

  async submit(submission: Submission): Promise<Submitted> {
    const decision = this.decision ?? (await this.decide(submission));
    const backend = decision.stay ? this.cluster : this.elsewhere;
    this.chosen = backend;
    return backend.submit({ ...submission, placement: { backend: backend.name, reason: decision.reason } });
  }

  async testOnly(submission: Submission): Promise<string> {
    const decision = await this.decide(submission);
    return `spawn-slurm: auto: ${decision.reason}\n${await (decision.stay ? this.cluster : this.elsewhere).testOnly(submission)}`;
  }
}
