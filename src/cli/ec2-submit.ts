import { InputError, UsageError } from '../core/errors.js';
import { estimateJob } from '../estimate/estimate-job.js';
import { Ec2Backend } from '../launch/ec2/ec2-backend.js';
import { loadCatalog } from '../mapping/catalog/load.js';
import type { MappingConfig, Purchase } from '../mapping/config/types.js';
import { buildPlan } from '../mapping/plan.js';
import { filesMatching, unstagedPaths } from '../launch/ec2/staged-inputs.js';
import type { Placement, Plan } from '../mapping/plan-types.js';
import type { JobSpec } from '../model/schema.js';
import { stateDirectory } from '../store/state-dir.js';
import { locate } from './format/located.js';
import { formatText } from './format/text.js';
import { confirmLaunch, launchCost, launchSummary } from './launch-confirmation.js';
import { launchProgress } from './launch-progress.js';

export interface Ec2SubmitOptions {
  file: string;
  text: string;
  yes: boolean;
  maxCost: string | undefined;
  profile: string | undefined;
  region: string | undefined;
  purchase: string | undefined;
  /** --json: nothing but the answer on stdout, no bar. */
  quiet: boolean;
}

function maxCostFrom(value: string | undefined): number | null {
  if (value === undefined) return null;
  const usd = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(usd) || usd < 0) throw new UsageError(`--max-cost must be an amount in USD, not "${value}"`, 'e.g. --max-cost 25');
  return usd;
}

function purchaseFrom(value: string | undefined): Purchase | undefined {
  if (value === undefined || value === 'spot' || value === 'on-demand' || value === 'spot-with-fallback') return value;
  throw new UsageError(`--purchase must be spot, on-demand or spot-with-fallback, not "${value}"`);
}

/** The Plan submit launches, and the confirmation asked before anything is launched. */
interface SubmitPlan {
  plan: Plan;
  placement: Placement;
  /** What it may cost at most (null: unknown), as the summary says. */
  upperBoundUsd: number | null;
  /** Shows the summary; asks on a terminal; throws a refusal. */
  confirm(): Promise<void>;
}

/** The job's Plan (what estimate prices), its findings on stderr; null when the plan has an error. */
export async function submitPlan(job: JobSpec, mapping: MappingConfig, options: Ec2SubmitOptions, showFindings = true): Promise<SubmitPlan | null> {
  const maxCostUsd = maxCostFrom(options.maxCost);
  const catalog = await loadCatalog();
  const plan = buildPlan({ job, mapping, catalog: catalog.catalog, overrides: { region: options.region, purchase: purchaseFrom(options.purchase) }, file: options.file });
  const staged = await filesMatching(process.cwd(), plan.storage.inputs);
  const unstaged = plan.storage.efs ? [] : unstagedPaths(options.text, options.file, process.cwd(), staged);
  const findings = locate([...plan.diagnostics, ...unstaged], options.file, options.text);
  if (showFindings && findings.length > 0) process.stderr.write(formatText([{ file: options.file, accepted: plan.placement !== null, diagnostics: findings }]));
  const placement = plan.placement;
  if (!placement || findings.some((d) => d.severity === 'error')) return null;
  const report = estimateJob({ plan, placement, cluster: mapping.cluster, expectedRuntimeMinutes: null });
  const cost = launchCost(report, plan.instanceTtlMinutes);
  return {
    plan,
    placement,
    upperBoundUsd: cost.upperBoundUsd,
    confirm: async () => {
      process.stderr.write(launchSummary(report, cost));
      await confirmLaunch(cost, { yes: options.yes, maxCostUsd, interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) });
    },
  };
}

/**
 * The ec2 backend for submitted jobs: each job planned when it is submitted (for a split array, its
 * cloud part), its findings on stderr; a plan with an error refuses the submission.
 */
export async function ec2BackendFor(mapping: MappingConfig, options: Ec2SubmitOptions): Promise<Ec2Backend> {
  const progress = options.quiet ? undefined : await launchProgress(process.stderr);
  return new Ec2Backend(stateDirectory(), {
    prepare: async (job) => {
      const planned = await submitPlan(job, mapping, options);
      if (!planned) throw new InputError('sbatch: error: Batch job submission failed: no EC2 plan for this job (see above)', 'see spawn-slurm estimate for the plan');
      return planned;
    },
    ...(options.profile ? { profile: options.profile } : {}),
    notice: (message) => process.stderr.write(`spawn-slurm: ${message}\n`),
    ...(progress ? { progress } : {}),
  });
}
