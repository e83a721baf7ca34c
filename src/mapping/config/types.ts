/**
 * The loaded `mapping.yaml`: every section present, defaults filled in, durations in minutes (but
 * `local.kill_wait`, like Slurm's KillWait, and sink timeouts in seconds), sizes in MiB and percentages as fractions. Keys keep the file's snake_case names so that error messages, the
 * reference documentation and the code all use the same words.
 *
 * This module has no runtime code: stages that only read a loaded config never load zod or yaml.
 */
import type { JsonObject } from '../../events/json.js';
import type { SlurmRelease } from '../../parser/slurm-release.js';
import type { Architecture } from '../catalog/types.js';
import type { GpuModel } from './gpu-models.js';

export type { Architecture };

export type Purchase = 'spot' | 'on-demand' | 'spot-with-fallback';

/** AMI ids by CPU architecture; an architecture without an entry uses the launcher's default image. */
export type AmiByArchitecture = Partial<Record<Architecture, string>>;

/** How much longer than the job's time limit an instance may live. */
export type TimeMargin = { kind: 'minutes'; minutes: number } | { kind: 'fraction'; fraction: number };

/** Memory kept for the operating system when fitting a job onto an instance. */
export type MemoryMargin = { kind: 'mib'; mib: number } | { kind: 'fraction'; fraction: number };

/** One entry of `instance_types`: a concrete type (`c7i.4xlarge`) or a whole family (`c7i`, `c7i.*`). */
export type InstanceTypeSelector = { kind: 'type'; type: string } | { kind: 'family'; family: string };

export interface MappingDefaults {
  /** AWS region code, e.g. `us-east-1`. */
  region: string;
  purchase: Purchase;
  ami: AmiByArchitecture;
  ttl_margin: TimeMargin;
  os_memory_margin: MemoryMargin;
  /** Most instances alive at once for one job; absent: no limit beyond the array's `%N`. */
  max_concurrent?: number;
}

/** Settings for jobs submitted to one Slurm partition; absent fields fall back to `defaults`. */
export interface PartitionMapping {
  /** Allowed types and families; empty: any type that fits the job. */
  instance_types: InstanceTypeSelector[];
  region?: string;
  ami?: AmiByArchitecture;
  purchase?: Purchase;
  /** Highest price accepted per instance, in USD per hour. */
  max_price?: number;
  max_concurrent?: number;
}

/** A conda environment by name, or an environment file (path relative to the mapping file joined on). */
export type CondaEnvironment = { kind: 'name'; name: string } | { kind: 'file'; path: string };

/** A package to install; `system` means the image's own package manager (apt or dnf). */
export interface PackageSpec {
  manager: 'system' | 'apt' | 'dnf' | 'pip';
  spec: string;
}

/** What replaces one `module load` on an instance. */
export interface ModuleSetup {
  conda?: CondaEnvironment;
  /** Container image reference, e.g. `docker.io/library/python:3.12`. */
  container?: string;
  packages: PackageSpec[];
  ami?: AmiByArchitecture;
  /** Shell commands run once on the instance, in order, before the job. */
  setup: string[];
}

export interface S3Location {
  bucket: string;
  /** Key prefix without a leading `/`; empty or ending in `/`. */
  prefix: string;
}

export interface StorageMapping {
  s3?: S3Location;
  /** EFS file system id, e.g. `fs-0123456789abcdef0`. */
  efs?: string;
  /** Where it is mounted here and on the instances (absolute, no trailing `/`). */
  efs_mount?: string;
  /** Globs relative to the submit directory: staged once per job through S3 to every instance. */
  inputs: string[];
  /** Globs of files the job writes besides --output/--error, brought back into the submit directory. */
  outputs: string[];
}

/** Figures about the site's own cluster, for the cloud-versus-cluster comparison. */
export interface ClusterFigures {
  name?: string;
  /** Typical time a job waits in the queue, in minutes. */
  queue_wait?: number;
  /** Where a live queue_wait came from (`estimate --cluster`); absent for the configured figure. */
  queue_wait_source?: string;
  /** Internal price of one core-hour, in USD. */
  core_hour_price?: number;
  /** Internal price of one GPU-hour, in USD. */
  gpu_hour_price?: number;
  /** slurm.conf MaxArraySize: array indices must be below it (0 disables arrays). */
  max_array_size?: number;
  slurm_version?: SlurmRelease;
}

export interface SpawnSettings {
  /** Instance profile name the instances run with (S3 access needs one). */
  iam_role?: string;
  key_name?: string;
  tags: Record<string, string>;
  /** Send job scripts and outputs through `storage.s3`; defaults to whether `storage.s3` is set. */
  s3_stage: boolean;
}

/**
 * This machine as a one-node Slurm cluster, for the local backend. A field left out stays undefined:
 * the backend fills in this machine's own figures (see `localSettings`).
 */
export interface LocalSection {
  /** SLURM_CLUSTER_NAME of local jobs, in lower case as Slurm keeps it. */
  cluster_name?: string;
  /** The partition a job that names none runs in. */
  partition?: string;
  /** The Slurm node name of this machine. */
  node_name?: string;
  /** CPUs to hand out to jobs. */
  cpus?: number;
  /** Memory to hand out to jobs, in MiB (slurm.conf's RealMemory). */
  memory?: number;
  /** slurm.conf's DefMemPerCPU, in MiB: memory per CPU for jobs that ask for none. */
  def_mem_per_cpu?: number;
  /** slurm.conf's KillWait, in seconds: from the time-limit SIGTERM to SIGKILL. */
  kill_wait?: number;
}

/** A `clusters:` entry of the configuration file. */
export interface ClusterSettings {
  name: string;
  url: string;
  user?: string;
  token_file?: string;
  token_env?: string;
  scontrol_token?: boolean;
  api_version?: string;
}

/** `burst:`: when `submit --backend auto` sends a job elsewhere than the cluster. Durations in minutes. */
export interface BurstSettings {
  cluster?: string;
  to?: 'local' | 'ec2';
  /** USD: a job whose cloud plan may cost more stays on the cluster however busy it is. */
  max_cost_per_job?: number;
  start_after?: number;
  pending_over?: number;
  partition_down?: boolean;
}

/** `rules[].actions[]`: one of three kinds, told apart by the key it has. */
export interface SubmitAction {
  /** The batch script: absolute, or joined onto the mapping file's directory when loaded. */
  submit: string;
  backend?: 'local' | 'ec2' | 'slurm' | 'auto';
  /** sbatch options, as on the command line before the script. */
  args: string[];
}

export interface RunAction {
  /** A shell command. */
  run: string;
}

export interface SinkAction {
  sink: string;
}

export type RuleAction = SubmitAction | RunAction | SinkAction;

/** A `rules:` entry: the dispatcher (src/events/dispatch) runs its actions for each event it matches, once. */
export interface EventRule {
  name: string;
  /** The EventBridge pattern as written (so it can be deployed unchanged); `compileEventPattern` makes it matchable. */
  pattern: JsonObject;
  actions: RuleAction[];
}

/** `sinks[]`: where events go besides the local event log, which always gets them. Durations in seconds. */
export type SinkSettings = WebhookSinkSettings | CommandSinkSettings | EventBridgeSinkSettings;

export type SinkType = SinkSettings['type'];

/** HTTPS POST of each event, signed with HMAC-SHA256. */
export interface WebhookSinkSettings {
  name: string;
  type: 'webhook';
  /** https://…, or http:// to this machine only. */
  url: string;
  /** The environment variable that holds the HMAC secret: the secret itself is never in the file. */
  secret_env: string;
  /** Per request. */
  timeout: number;
  /** Further attempts after a failed one, with exponential backoff. */
  retries: number;
}

/** A shell command that reads the event on its standard input; exit status 0 means delivered. */
export interface CommandSinkSettings {
  name: string;
  type: 'command';
  command: string;
  timeout: number;
  /** Not in the file: the configuration file's directory, where the command runs (absent: the current one). */
  cwd?: string;
}

/** Amazon EventBridge PutEvents. */
export interface EventBridgeSinkSettings {
  name: string;
  type: 'eventbridge';
  /** An event bus name or ARN. */
  bus: string;
  region: string;
  profile?: string;
  /** The Source of every entry; absent: each event's own. */
  source?: string;
}

export interface MappingConfig {
  defaults: MappingDefaults;
  /** By Slurm partition name. */
  partitions: Record<string, PartitionMapping>;
  /** Site GPU type name (as in `--gres=gpu:<type>:N`) to catalog GPU model. */
  gres: Record<string, GpuModel>;
  /** By `module load` name: exact (`gcc/12.2.0`) or without version (`gcc`, any version). */
  modules: Record<string, ModuleSetup>;
  storage: StorageMapping;
  cluster: ClusterFigures;
  spawn: SpawnSettings;
  local: LocalSection;
  /** Real Slurm clusters for --backend slurm, by name. */
  clusters: ClusterSettings[];
  burst: BurstSettings;
  /** In file order; names are unique. */
  rules: EventRule[];
  /** In file order; names are unique. */
  sinks: SinkSettings[];
}
