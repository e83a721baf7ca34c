import type { JobSpec } from '../../model/schema.js';
import type { Architecture } from '../catalog/types.js';
import type { InstanceTypeSelector, MappingConfig, PartitionMapping, Purchase } from '../config/types.js';

/** Where an effective setting came from, strongest first. */
export type SettingSource = 'command-line' | 'spawn-directive' | 'partition' | 'defaults';

export interface Sourced<T> {
  value: T;
  source: SettingSource;
}

/** What the command line may override for one run (`estimate --region eu-west-1`). */
export interface PlanOverrides {
  region?: string | undefined;
  purchase?: Purchase | undefined;
}

/** The settings that decide where a job runs, each with where it came from. */
export interface PlacementSettings {
  /** The mapping partition whose rules apply: the first of the job's partitions the mapping knows. */
  partition: string | null;
  partitionMapping: PartitionMapping | null;
  /** The job's partitions that mapping.yaml does not list. */
  unmappedPartitions: string[];
  region: Sourced<string>;
  purchase: Sourced<Purchase>;
  maxPriceUsd: Sourced<number> | null;
  maxConcurrent: Sourced<number> | null;
  /** The partition's `instance_types`; empty: any type. */
  allowList: InstanceTypeSelector[];
  /** `#SPAWN --instance-type`, in the order given. */
  forcedTypes: string[];
  /** AMIs by architecture from the partition, else the defaults (modules and `#SPAWN --ami` come later). */
  amis: Partial<Record<Architecture, Sourced<string>>>;
}

/** `-p gpu,cpu`: Slurm tries the partitions in turn; the mapping's rules are those of the first one it lists. */
function pickPartition(job: JobSpec, mapping: MappingConfig): { name: string | null; unmapped: string[] } {
  const names = (job.partition ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const name = names.find((p) => Object.hasOwn(mapping.partitions, p)) ?? null;
  return { name, unmapped: names.filter((p) => !Object.hasOwn(mapping.partitions, p)) };
}

/** The first value given, strongest source first. */
function firstOf<T>(...options: [T | undefined, SettingSource][]): Sourced<T> | null {
  for (const [value, source] of options) if (value !== undefined) return { value, source };
  return null;
}

/**
 * Effective settings: the command line over `#SPAWN` directives over the job's partition in
 * mapping.yaml over its `defaults`.
 */
export function placementSettings(job: JobSpec, mapping: MappingConfig, overrides: PlanOverrides = {}): PlacementSettings {
  const { name, unmapped } = pickPartition(job, mapping);
  const partition = name === null ? null : (mapping.partitions[name] as PartitionMapping);
  const spawnPurchase: Purchase | undefined = job.spawn.spot === undefined ? undefined : job.spawn.spot ? 'spot' : 'on-demand';
  const amis: PlacementSettings['amis'] = {};
  for (const arch of ['x86_64', 'arm64'] as const) {
    const ami = firstOf<string>([partition?.ami?.[arch], 'partition'], [mapping.defaults.ami[arch], 'defaults']);
    if (ami) amis[arch] = ami;
  }
  return {
    partition: name,
    partitionMapping: partition,
    unmappedPartitions: unmapped,
    region: firstOf<string>([overrides.region, 'command-line'], [job.spawn.region, 'spawn-directive'], [partition?.region, 'partition']) ?? {
      value: mapping.defaults.region,
      source: 'defaults',
    },
    purchase: firstOf<Purchase>([overrides.purchase, 'command-line'], [spawnPurchase, 'spawn-directive'], [partition?.purchase, 'partition']) ?? {
      value: mapping.defaults.purchase,
      source: 'defaults',
    },
    maxPriceUsd: firstOf<number>([job.spawn.maxPrice, 'spawn-directive'], [partition?.max_price, 'partition']),
    maxConcurrent: firstOf<number>([partition?.max_concurrent, 'partition'], [mapping.defaults.max_concurrent, 'defaults']),
    allowList: partition?.instance_types ?? [],
    forcedTypes: job.spawn.instanceTypes ?? [],
    amis,
  };
}
