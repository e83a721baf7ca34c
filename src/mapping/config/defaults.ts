/**
 * What spawn-slurm assumes when mapping.yaml is absent or leaves a field out. The file-form values
 * feed both the zod schema (as its defaults, shown in the JSON Schema) and `defaultMappingConfig`,
 * which must not load zod: a script with no mapping file converts without it.
 */
import type { MappingConfig, Purchase, SpawnSettings } from './types.js';
import { parseMemoryMargin, parseTimeMargin } from './values.js';

export const BUILT_IN_DEFAULTS = {
  /** The only region whose on-demand prices the embedded catalog holds. */
  region: 'us-east-1',
  /** Slurm jobs expect to run to the end: spot interruptions are opt-in. */
  purchase: 'on-demand' satisfies Purchase,
  ttl_margin: '30m',
  os_memory_margin: '10%',
  s3_prefix: 'spawn-slurm/',
  sink_timeout: '10s',
  webhook_retries: 5,
  eventbridge_bus: 'default',
} as const;

function builtIn<T>(parse: (text: string) => T | undefined, text: string): T {
  const value = parse(text);
  if (value === undefined) throw new Error(`built-in default ${JSON.stringify(text)} does not parse`);
  return value;
}

/** A config before the defaults that depend on other sections are filled in. */
export type UnderivedMappingConfig = Omit<MappingConfig, 'spawn'> & {
  spawn: Omit<SpawnSettings, 's3_stage'> & { s3_stage?: boolean | undefined };
};

/** S3 staging is on exactly when a bucket is configured, unless the file says otherwise. */
export function withDerivedDefaults(config: UnderivedMappingConfig): MappingConfig {
  return { ...config, spawn: { ...config.spawn, s3_stage: config.spawn.s3_stage ?? config.storage.s3 !== undefined } };
}

/** The configuration used when there is no mapping file (the same as an empty one). */
export function defaultMappingConfig(): MappingConfig {
  return withDerivedDefaults({
    defaults: {
      region: BUILT_IN_DEFAULTS.region,
      purchase: BUILT_IN_DEFAULTS.purchase,
      ami: {},
      ttl_margin: builtIn(parseTimeMargin, BUILT_IN_DEFAULTS.ttl_margin),
      os_memory_margin: builtIn(parseMemoryMargin, BUILT_IN_DEFAULTS.os_memory_margin),
    },
    partitions: {},
    gres: {},
    modules: {},
    storage: { inputs: [], outputs: [] },
    cluster: {},
    spawn: { tags: {} },
    local: {},
    clusters: [],
    burst: {},
    rules: [],
    sinks: [],
  });
}
