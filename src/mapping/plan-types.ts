import type { JobArray, JobSpec } from '../model/schema.js';
import type { Diagnostic } from '../parser/diagnostic.js';
import type { Architecture, CatalogSource, InterruptionBand } from './catalog/types.js';
import type { ModuleSetup, Purchase, S3Location } from './config/types.js';

/**
 * The Plan: a job plus where and on what it runs. `convert`, `estimate` and `submit` all read the
 * same Plan, so what the estimate prices is what submit launches. Plain data.
 */

/** What one instance must offer to run one node's share of the job. */
export interface InstanceNeeds {
  vcpus: number;
  /** Memory the job asks for per node, plus the OS margin; null when the job states none. */
  memoryMiB: number | null;
  /** The job's own figure before the margin (null: none; 'all': --mem=0). */
  jobMemoryMiB: number | 'all' | null;
  gpus: number;
  /** Catalog GPU model (`a100`), after the mapping's `gres` translation; null: any model. */
  gpuModel: string | null;
  /** The site's own name for it, as the script wrote it (`a100_80gb`). */
  gpuTypeAsWritten: string | null;
  /** Multi-node jobs ask for EFA and one placement group. */
  efa: boolean;
  localDiskMiB: number | null;
}

export interface PriceQuote {
  /** USD per instance-hour. */
  usdPerHour: number;
  purchase: 'on-demand' | 'spot';
  /** true for an offline spot estimate (us-east-1 on-demand × advisor saving). */
  estimated: boolean;
  /** Where the figure comes from, in words. */
  basis: string;
}

export interface InstanceCandidate {
  instanceType: string;
  vcpus: number;
  memoryMiB: number;
  arch: Architecture;
  gpu: { model: string; count: number; memoryMiB: number } | null;
  efa: boolean;
  onDemand: PriceQuote | null;
  spot: PriceQuote | null;
  /** The price of the plan's purchase option (spot-with-fallback: spot); null when unknown. */
  price: PriceQuote | null;
  /** Why no price is known, and how to get one. */
  priceGap: string | null;
  interruption: InterruptionBand | null;
  /**
   * When `price` is unknown (offline, outside us-east-1): the figure the candidates were ordered by
   * instead, with what it is. Never a price: it must not be shown or summed as one.
   */
  rankingProxy?: { usdPerHour: number; basis: string } | null;
  /** Tasks of the array that share one instance of this type (1: one instance per task). */
  tasksPerInstance: number;
  /** Why it was chosen or where it ranks ("cheapest type with 8 vCPUs and 64 GiB", …). */
  reason: string;
}

/** How the tasks of an array share the chosen type's instances. */
export interface Packing {
  tasksPerInstance: number;
  /** Instances launched (at once): each runs its share of tasks one round after another. */
  instances: number;
  /** Tasks running at once over all instances. */
  concurrency: number;
  /** Rounds of tasks an instance runs, one after the other, without booting again. */
  rounds: number;
}

export interface Rejection {
  instanceType: string;
  /** Says by how much it falls short, when it is too small. */
  reason: string;
}

export interface Placement {
  region: string;
  purchase: Purchase;
  /** Instances per task: the job's node count. */
  instancesPerTask: number;
  placementGroup: boolean;
  needs: InstanceNeeds;
  /** The mapping partition whose rules applied, if any. */
  partition: string | null;
  /** `#SPAWN --instance-type` forced the list. */
  forced: boolean;
  /** How the tasks share instances of candidates[0]; one task per instance for a single task or multi-node tasks. */
  packing: Packing;
  /** The cheapest type for one task alone: what one instance per task would launch, for comparison. */
  unpacked: InstanceCandidate;
  /** Ranked, best first: [0] is launched, the rest are fallbacks for capacity errors. */
  candidates: InstanceCandidate[];
  /** Notable types that were not taken (forced or allow-listed types that do not fit, dearer spot, …). */
  rejected: Rejection[];
}

export interface ModulePlan {
  /** As written after `module load`. */
  name: string;
  /** The mapping's setup for it; null when the mapping has none (the command is left to fail or not). */
  setup: ModuleSetup | null;
}

export interface Plan {
  version: 1;
  job: JobSpec;
  /** null when no instance type can run the job (the diagnostics say why). */
  placement: Placement | null;
  ami: { arch: Architecture; id: string | null; source: 'spawn-directive' | 'module' | 'partition' | 'defaults' | 'none' };
  /** One task's lifetime: the time limit plus the mapping's margin (a default when the job has no limit; #SPAWN --ttl when given). */
  ttlMinutes: number;
  /**
   * An instance of the packed layout at most: start-up, then its rounds of tasks at their time limit,
   * plus the margin (#SPAWN --ttl when given). Armed at boot, so a lost client cannot leak cost.
   */
  instanceTtlMinutes: number;
  tasks: {
    count: number;
    array: JobArray | null;
    /** Tasks running at once: the array's %N and the mapping's max_concurrent (instances, so divided by the instances per task), whichever is smaller. */
    maxConcurrent: number | null;
  };
  modules: ModulePlan[];
  /** Where the job's files live, and which of them travel: globs relative to the submit directory. */
  storage: { s3: S3Location | null; efs: string | null; efsMount: string | null; inputs: string[]; outputs: string[] };
  spawn: { iamRole: string | null; keyName: string | null; tags: Record<string, string> };
  catalog: CatalogSource;
  diagnostics: Diagnostic[];
}
