import type { ClusterFigures } from '../mapping/config/types.js';
import type { InstanceCandidate, Placement, Plan } from '../mapping/plan-types.js';
import { INSTANCE_STARTUP_MINUTES, BILLING_RULE, MINIMUM_BILLED_SECONDS } from '../mapping/billing.js';
import { compareWithCluster } from './cluster.js';
import { purchaseCost } from './cost.js';
import { onePerInstance, planLayout, type Layout } from './layout.js';
import { priceGap } from './price-gap.js';
import type { EstimateReport, InstanceChoice } from './report.js';
import { boundedLimit, runtimesOf } from './runtime.js';
import { concurrencyOf, wallTimes } from './schedule.js';
import { formatDuration } from '../parser/values/time.js';

/** Fallback types shown after the chosen one. */
const ALTERNATIVES_SHOWN = 3;

export interface EstimateInputs {
  plan: Plan;
  /** The plan's placement: a job no type can run has nothing to estimate. */
  placement: Placement;
  cluster: ClusterFigures;
  expectedRuntimeMinutes: number | null;
}

function choice(candidate: InstanceCandidate): InstanceChoice {
  return {
    instanceType: candidate.instanceType,
    vcpus: candidate.vcpus,
    memoryMiB: candidate.memoryMiB,
    arch: candidate.arch,
    gpu: candidate.gpu,
    onDemandUsdPerHour: candidate.onDemand?.usdPerHour ?? null,
    spotUsdPerHour: candidate.spot?.usdPerHour ?? null,
    spotEstimated: candidate.spot?.estimated ?? false,
    interruption: candidate.interruption,
    reason: candidate.reason,
  };
}

function warningsFor(limit: number | null, expected: number | null): string[] {
  const warnings: string[] = [];
  if (limit === null) {
    warnings.push(
      `the job has no time limit, so its cost has no upper bound: only hourly figures are shown${expected === null ? '' : ', and the expected cost for --expected-runtime'}; set one with #SBATCH --time (e.g. --time=2:00:00)`,
    );
  } else if (expected !== null && expected > limit) {
    warnings.push(`--expected-runtime ${formatDuration(expected)} is longer than the time limit ${formatDuration(limit)}: the job would be ended at the limit`);
  }
  return warnings;
}

export function estimateJob({ plan, placement, cluster, expectedRuntimeMinutes }: EstimateInputs): EstimateReport {
  const job = plan.job;
  const needs = job.components[0]?.needs;
  if (!needs) throw new Error('a job has at least one component');
  const chosen = placement.candidates[0];
  if (!chosen) throw new Error('a placement has at least one candidate');

  const limit = boundedLimit(job.timeLimitMinutes);
  const runtimes = runtimesOf(job.timeLimitMinutes, expectedRuntimeMinutes);
  const schedule = concurrencyOf(plan.tasks);
  const layout = planLayout(placement, schedule);
  const baseline = onePerInstance(placement, schedule);
  const gap = (purchase: 'spot' | 'on-demand') => () => priceGap(chosen.instanceType, placement.region, purchase, plan.catalog);
  const costs = (on: Layout, type: InstanceCandidate) => ({
    spot: purchaseCost('spot', type.spot, gap('spot'), on, runtimes),
    onDemand: purchaseCost('on-demand', type.onDemand, gap('on-demand'), on, runtimes),
  });
  const walls = wallTimes(layout, runtimes);

  return {
    version: 1,
    file: job.file,
    job: {
      name: job.name,
      tasks: schedule.tasks,
      timeLimitMinutes: limit,
      expectedRuntimeMinutes,
      perTask: { nodes: needs.nodes, cpusPerNode: needs.cpusPerNode, memoryPerNodeMiB: needs.memoryPerNodeMiB, gpusPerNode: needs.gpusPerNode, gpuType: needs.gpuType },
    },
    instance: {
      region: placement.region,
      purchase: placement.purchase,
      boughtAs: chosen.price?.purchase ?? (placement.purchase === 'on-demand' ? 'on-demand' : 'spot'),
      instancesPerTask: placement.instancesPerTask,
      chosen: choice(chosen),
      alternatives: placement.candidates.slice(1, 1 + ALTERNATIVES_SHOWN).map(choice),
    },
    billing: { rule: BILLING_RULE, minimumBilledSeconds: MINIMUM_BILLED_SECONDS, startupMinutes: INSTANCE_STARTUP_MINUTES },
    packing: {
      tasksPerInstance: layout.tasksPerInstance,
      instances: layout.instancesLaunched,
      rounds: layout.kind === 'packed' ? placement.packing.rounds : schedule.waves,
      onePerInstance: {
        instanceType: placement.unpacked.instanceType,
        instances: baseline.instancesLaunched,
        cost: costs(baseline, placement.unpacked),
        time: wallTimes(baseline, runtimes),
      },
    },
    cost: costs(layout, chosen),
    time: { tasks: schedule.tasks, concurrency: schedule.concurrency, concurrencySource: schedule.source, waves: schedule.waves, startupMinutes: INSTANCE_STARTUP_MINUTES, runs: walls },
    spot: { interruption: chosen.interruption },
    cluster: compareWithCluster(cluster, needs, schedule, runtimes, (runtime) => layout.wallMinutes(runtime.minutes)),
    warnings: warningsFor(limit, expectedRuntimeMinutes),
  };
}
