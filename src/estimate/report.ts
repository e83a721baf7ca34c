import type { InterruptionBand } from '../mapping/catalog/types.js';
import type { Purchase } from '../mapping/config/types.js';
import type { InstanceCandidate } from '../mapping/plan-types.js';
import type { ClusterComparison } from './cluster.js';
import type { PurchaseCost } from './cost.js';
import type { ConcurrencySource, WallTime } from './schedule.js';

/**
 * Everything `estimate` works out, with the basis of every number: the human view and `--json`
 * both print this. USD amounts and minutes are plain numbers.
 */
export interface EstimateReport {
  version: 1;
  file: string;
  job: {
    name: string;
    tasks: number;
    /** null: no time limit (or UNLIMITED). */
    timeLimitMinutes: number | null;
    expectedRuntimeMinutes: number | null;
    perTask: { nodes: number; cpusPerNode: number; memoryPerNodeMiB: number | 'all' | null; gpusPerNode: number; gpuType: string | null };
  };
  instance: {
    region: string;
    purchase: Purchase;
    /** What the chosen type is bought as (spot-with-fallback buys on-demand when spot is dearer or unknown). */
    boughtAs: 'spot' | 'on-demand';
    instancesPerTask: number;
    chosen: InstanceChoice;
    /** The next candidates, fallbacks when the chosen type has no capacity. */
    alternatives: InstanceChoice[];
  };
  billing: { rule: string; minimumBilledSeconds: number; startupMinutes: number };
  /** How tasks share instances (the Plan's packing), and the same job with one instance per task beside it. */
  packing: {
    tasksPerInstance: number;
    /** Instances launched over the whole job. */
    instances: number;
    /** Rounds of tasks each instance runs (one per instance: waves, each booting new instances). */
    rounds: number;
    onePerInstance: { instanceType: string; instances: number; cost: { spot: PurchaseCost; onDemand: PurchaseCost }; time: WallTime[] };
  };
  cost: { spot: PurchaseCost; onDemand: PurchaseCost };
  time: { tasks: number; concurrency: number; concurrencySource: ConcurrencySource; waves: number; startupMinutes: number; runs: WallTime[] };
  spot: { interruption: InterruptionBand | null };
  cluster: ClusterComparison;
  /** Things the figures cannot tell (no time limit, an expected runtime beyond the limit). */
  warnings: string[];
}

export interface InstanceChoice {
  instanceType: string;
  vcpus: number;
  memoryMiB: number;
  arch: InstanceCandidate['arch'];
  gpu: InstanceCandidate['gpu'];
  /** null: unknown (see the cost section for why). */
  onDemandUsdPerHour: number | null;
  spotUsdPerHour: number | null;
  spotEstimated: boolean;
  interruption: InterruptionBand | null;
  reason: string;
}
