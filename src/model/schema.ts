import { z } from 'zod';
import { SLURM_RELEASES } from '../parser/slurm-release.js';

/**
 * The job model: the one typed description of a job that every command reads. It is what sbatch
 * would hand the controller, plus what spawn-slurm needs to run it elsewhere. It is plain data
 * (JSON-serialisable); this module is only loaded where validation is wanted, the hot path imports
 * the inferred types alone.
 */

const count = z.number().int().nonnegative();
const positive = z.number().int().positive();

/** Minutes after sbatch's rounding up, or `unlimited` (UNLIMITED, INFINITE, -1, 0). */
const DurationSchema = z.union([z.literal('unlimited'), count]);

const MemorySchema = z.union([z.object({ perNodeMiB: count }).strict(), z.object({ perCpuMiB: count }).strict(), z.object({ perGpuMiB: count }).strict()]);

const GresSchema = z.object({ name: z.string(), type: z.string().nullable(), count: positive });

const GpusSchema = z.object({
  perJob: count.nullable(),
  perNode: count.nullable(),
  perTask: count.nullable(),
  perSocket: count.nullable(),
  /** The GPU type asked for by any of the options (`a100` in `--gpus=a100:2`), null when untyped. */
  type: z.string().nullable(),
});

const ArrayRangeSchema = z.object({ start: count, end: count, step: positive });

const ArraySchema = z.object({
  /** As written. */
  spec: z.string(),
  /** Disjoint, sorted, compressed: a million indices cost one range. */
  ranges: z.array(ArrayRangeSchema),
  count: count,
  min: count,
  max: count,
  /**
   * SLURM_ARRAY_TASK_STEP: the controller's atoi of what follows the first `:` anywhere in the spec, 1
   * without one; so `0-9%:` gives 0 (job_mgr.c _create_job_array).
   */
  step: z.number().int(),
  /** The `%N` throttle; null without one. */
  maxRunning: positive.nullable(),
});

const DependencyJobSchema = z.object({
  id: positive,
  task: z.union([count, z.literal('*')]).nullable(),
  delayMinutes: positive.nullable(),
});

const DependencyTermSchema = z.object({
  type: z.enum(['after', 'afterany', 'afterok', 'afternotok', 'aftercorr', 'afterburstbuffer', 'singleton', 'expand']),
  jobs: z.array(DependencyJobSchema),
});

const DependencySchema = z.object({
  /** As written. */
  text: z.string(),
  op: z.enum(['and', 'or']),
  terms: z.array(DependencyTermSchema),
});

/** What one node must offer to run its share of a component. */
const NodeNeedsSchema = z.object({
  /** Nodes the component runs on (the minimum of a range). */
  nodes: positive,
  /** Tasks of the whole component. */
  tasks: positive,
  /** Most tasks any node runs. */
  tasksPerNode: positive,
  cpusPerTask: positive,
  cpusPerNode: positive,
  /** null: no memory option (the site default applies); 'all': --mem=0. */
  memoryPerNodeMiB: z.union([count, z.literal('all')]).nullable(),
  gpusPerNode: count,
  gpuType: z.string().nullable(),
  /** Temporary disk per node (--tmp), MiB. */
  tmpMiB: count.nullable(),
  /** Whole nodes (--exclusive). */
  exclusive: z.boolean(),
});

const ComponentSchema = z.object({
  nodes: z.object({ min: count, max: count.nullable() }).nullable(),
  ntasks: positive.nullable(),
  ntasksPerNode: positive.nullable(),
  ntasksPerSocket: positive.nullable(),
  ntasksPerCore: positive.nullable(),
  ntasksPerGpu: positive.nullable(),
  cpusPerTask: positive.nullable(),
  cpusPerGpu: positive.nullable(),
  mincpus: positive.nullable(),
  memory: MemorySchema.nullable(),
  tmpMiB: count.nullable(),
  gres: z.array(GresSchema),
  gpus: GpusSchema,
  constraint: z.string().nullable(),
  nodelist: z.string().nullable(),
  exclude: z.string().nullable(),
  exclusive: z.union([z.literal(false), z.enum(['node', 'user', 'mcs', 'topo'])]),
  oversubscribe: z.boolean(),
  overcommit: z.boolean(),
  needs: NodeNeedsSchema,
});

const ExportSchema = z.object({
  text: z.string(),
  mode: z.enum(['all', 'none', 'nil', 'list']),
  vars: z.array(z.object({ name: z.string(), value: z.string().nullable() })),
});

const SpawnSchema = z.object({
  instanceTypes: z.array(z.string()).optional(),
  region: z.string().optional(),
  spot: z.boolean().optional(),
  ami: z.string().optional(),
  ttlMinutes: positive.optional(),
  maxPrice: z.number().positive().optional(),
  iamRole: z.string().optional(),
  keyName: z.string().optional(),
  s3Stage: z.object({ bucket: z.string(), prefix: z.string() }).optional(),
  backend: z.enum(['local', 'ec2', 'slurm', 'spawn']).optional(),
  tasksPerInstance: positive.optional(),
});

const ScriptSchema = z.object({
  /** The whole script, byte for byte: UTF-8 text, or base64 when the file is not valid UTF-8. */
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  /** The `#!` line's interpreter and its arguments, e.g. ['/bin/bash', '-l']. */
  interpreter: z.array(z.string()),
  /** Arguments for the script itself ($1…). */
  args: z.array(z.string()),
});

const OptionValueSchema = z.object({
  /** The final argument (undefined for flags). */
  value: z.string().nullable(),
  source: z.enum(['script', 'env', 'cli']),
});

export const JobSpecSchema = z.object({
  version: z.literal(1),
  file: z.string(),
  release: z.enum(SLURM_RELEASES),
  name: z.string(),
  timeLimitMinutes: DurationSchema.nullable(),
  timeMinMinutes: DurationSchema.nullable(),
  array: ArraySchema.nullable(),
  dependency: DependencySchema.nullable(),
  killOnInvalidDep: z.boolean().nullable(),
  begin: z.string().nullable(),
  deadline: z.string().nullable(),
  partition: z.string().nullable(),
  account: z.string().nullable(),
  qos: z.string().nullable(),
  reservation: z.string().nullable(),
  licenses: z.string().nullable(),
  comment: z.string().nullable(),
  output: z.string().nullable(),
  error: z.string().nullable(),
  input: z.string().nullable(),
  chdir: z.string().nullable(),
  openMode: z.enum(['append', 'truncate']).nullable(),
  export: ExportSchema.nullable(),
  getUserEnv: z.boolean(),
  mail: z.object({ types: z.array(z.string()), user: z.string().nullable() }).nullable(),
  signal: z.object({ signal: z.string(), seconds: count, batchOnly: z.boolean() }).nullable(),
  requeue: z.boolean().nullable(),
  hold: z.boolean(),
  components: z.array(ComponentSchema).min(1),
  spawn: SpawnSchema,
  script: ScriptSchema,
  /** Every sbatch option in effect with its final argument, for handing the job to a real sbatch. */
  options: z.record(z.string(), OptionValueSchema),
});

export type Duration = z.infer<typeof DurationSchema>;
export type Memory = z.infer<typeof MemorySchema>;
export type Gres = z.infer<typeof GresSchema>;
export type Gpus = z.infer<typeof GpusSchema>;
export type JobArray = z.infer<typeof ArraySchema>;
export type Dependency = z.infer<typeof DependencySchema>;
export type DependencyJob = z.infer<typeof DependencyJobSchema>;
export type NodeNeeds = z.infer<typeof NodeNeedsSchema>;
export type Component = z.infer<typeof ComponentSchema>;
export type JobExport = z.infer<typeof ExportSchema>;
export type JobSpawn = z.infer<typeof SpawnSchema>;
export type JobSpec = z.infer<typeof JobSpecSchema>;
