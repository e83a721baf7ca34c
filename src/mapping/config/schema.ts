/**
 * The zod schema of mapping.yaml. Only commands that read a mapping file load this module (zod costs
 * start-up time); `types.ts` describes its output without zod.
 *
 * Message convention, relied on by `issues.ts`: an issue of a custom check carries a whole sentence
 * (without the field path) and may carry `params: { code, hint }`; every other issue's message is the
 * phrase saying what the field expects, set once per field through `expecting(...)`, which may also
 * register a hint for values that commonly land there by mistake.
 */
import { z } from 'zod';
import type { JsonObject } from '../../events/json.js';
import { parseEventPattern } from '../../events/pattern/parse-pattern.js';
import { SINK_NAME_PATTERN } from '../../events/spool/spool-layout.js';
import { SLURM_RELEASES, isSlurmRelease } from '../../parser/slurm-release.js';
import { suggest } from '../../util/suggest.js';
import { normaliseGpuModel } from '../catalog/gpu-model.js';
import { MAPPING_CODES } from './codes.js';
import { BUILT_IN_DEFAULTS, withDerivedDefaults } from './defaults.js';
import { GPU_MODELS, isGpuModel } from './gpu-models.js';
import type { CondaEnvironment, MappingConfig, PackageSpec, RuleAction, SinkSettings, SinkType } from './types.js';
import {
  AMI_PATTERN,
  DURATION_PATTERN,
  EFS_PATTERN,
  ENV_VAR_PATTERN,
  IAM_NAME_PATTERN,
  INSTANCE_TYPE_PATTERN,
  MEMORY_MARGIN_PATTERN,
  REGION_PATTERN,
  TIME_MARGIN_PATTERN,
  bucketNameProblem,
  decimalSizeHint,
  normaliseS3Prefix,
  parseDurationMinutes,
  parseDurationSeconds,
  parseInstanceTypeSelector,
  parseMemoryMargin,
  parseSizeMiB,
  parseTimeMargin,
} from './values.js';

export interface CustomIssueParams {
  code?: string;
  hint?: string;
}

/** Hints by expectation phrase, for issues whose message is that phrase. */
export const FIELD_HINTS = new Map<string, Hint>();

function expecting(phrase: string, hint?: Hint) {
  if (hint) FIELD_HINTS.set(phrase, hint);
  return { error: phrase };
}

type Hint = (input: unknown) => string | undefined;

function text(pattern: RegExp, phrase: string, hint?: Hint) {
  return z.string(expecting(phrase, hint)).regex(pattern, expecting(phrase, hint));
}

function nonEmptyText(phrase: string) {
  return z.string(expecting(phrase)).min(1, expecting(phrase));
}

/** A text that the pattern guarantees `parse` understands, turned into its value. */
function parsedText<T>(pattern: RegExp, phrase: string, parse: (value: string) => T | undefined, hint?: Hint) {
  return text(pattern, phrase, hint).transform((value, ctx) => {
    const parsed = parse(value);
    if (parsed !== undefined) return parsed;
    ctx.addIssue({ code: 'custom', message: `"${value}" is not ${phrase}`, input: value });
    return z.NEVER;
  });
}

function positiveInteger(what: string) {
  const e = expecting(`a whole number greater than 0 (${what})`);
  return z.number(e).int(e).positive(e);
}

function price(what: string, positive: boolean) {
  const e = expecting(`${positive ? 'a number greater than 0' : 'a number, 0 or more'} (${what})`);
  return positive ? z.number(e).positive(e) : z.number(e).nonnegative(e);
}

function mapOf<V extends z.ZodType>(key: z.ZodString, value: V, phrase: string) {
  return z.record(key, value, expecting(phrase));
}

const listOf = <T extends z.ZodType>(item: T, phrase: string) => z.array(item, expecting(phrase));

/** A bare number where a unit is needed (`ttl_margin: 30`). */
function unitHint(unit: string, meaning: string) {
  return (input: unknown) => (typeof input === 'number' ? `add a unit: ${input}${unit} for ${input} ${meaning}` : undefined);
}

function arnHint(input: unknown): string | undefined {
  const match = typeof input === 'string' ? /^arn:aws[\w-]*:iam::\d*:(?:instance-profile|role)\/(?:.*\/)?([^/]+)$/.exec(input) : null;
  return match ? `give the instance profile's name, not its ARN: ${match[1]}` : undefined;
}

const PURCHASE_OPTIONS = ['spot', 'on-demand', 'spot-with-fallback'] as const;
const purchase = z.enum(PURCHASE_OPTIONS, expecting('one of spot, on-demand, spot-with-fallback')).meta({
  description: 'How instances are bought: spot (cheapest, may be interrupted), on-demand, or spot-with-fallback (spot, and on-demand when no spot capacity is available).',
});

const region = text(REGION_PATTERN, 'an AWS region code like us-east-1').meta({
  description: 'AWS region code, e.g. us-east-1 or eu-central-1.',
});

const amiId = text(AMI_PATTERN, 'an AMI id like ami-0123456789abcdef0');
const amiByArchitecture = z
  .strictObject(
    {
      x86_64: amiId.optional().meta({ description: 'AMI for x86_64 instance types (Intel and AMD).' }),
      arm64: amiId.optional().meta({ description: 'AMI for arm64 instance types (AWS Graviton).' }),
    },
    expecting('a map of AMI ids by architecture, like {x86_64: ami-…, arm64: ami-…}', (input) =>
      typeof input === 'string' ? `an AMI belongs to one architecture: write {x86_64: ${input}} or {arm64: ${input}}` : undefined,
    ),
  )
  .meta({ description: 'Machine image per CPU architecture; an architecture left out uses the default image.' });

const maxConcurrent = positiveInteger('instances').meta({
  description: 'Most instances running at once for one job (an array counts as one job).',
});

const defaultsSection = z
  .strictObject(
    {
      region: region.prefault(BUILT_IN_DEFAULTS.region),
      purchase: purchase.prefault(BUILT_IN_DEFAULTS.purchase),
      ami: amiByArchitecture.prefault({}),
      ttl_margin: parsedText(TIME_MARGIN_PATTERN, 'a duration like 30m or 1h, or a percentage like 10%', parseTimeMargin, unitHint('m', 'minutes'))
        .prefault(BUILT_IN_DEFAULTS.ttl_margin)
        .meta({
          description: "How much longer than the job's time limit an instance may live before it is terminated: a duration (30m, 1h, 1h30m) or a percentage of the time limit (10%).",
        }),
      os_memory_margin: parsedText(MEMORY_MARGIN_PATTERN, 'a size like 1GiB or 512M, or a percentage like 5%', parseMemoryMargin, (input) =>
        typeof input === 'string' ? decimalSizeHint(input) : unitHint('M', 'MiB')(input),
      )
        .superRefine((margin, ctx) => {
          if (margin.kind === 'fraction' && margin.fraction >= 1) {
            ctx.addIssue({
              code: 'custom',
              message: 'a percentage of 100% or more leaves the job no memory',
              params: { hint: 'use a percentage below 100%, e.g. 10%' } satisfies CustomIssueParams,
            });
          }
        })
        .prefault(BUILT_IN_DEFAULTS.os_memory_margin)
        .meta({
          description:
            "Memory kept for the operating system when fitting a job onto an instance: a size (1GiB, 512M; binary units as in Slurm) or a percentage of the instance's memory (10%).",
        }),
      max_concurrent: maxConcurrent.optional(),
    },
    expecting('a map of default settings'),
  )
  .meta({ description: 'Settings for every job, unless its partition says otherwise.' });

const instanceTypeSelector = parsedText(INSTANCE_TYPE_PATTERN, 'an instance type like c7i.4xlarge or a family like c7i or g5.*', parseInstanceTypeSelector);

const partition = z
  .strictObject(
    {
      instance_types: listOf(instanceTypeSelector, 'a list of instance types and families').prefault([]).meta({
        description: 'Instance types (c7i.4xlarge) and families (c7i, or c7i.*) jobs of this partition may run on. Empty or absent: any type that fits the job.',
      }),
      region: region.optional(),
      ami: amiByArchitecture.optional(),
      purchase: purchase.optional(),
      max_price: price('USD per hour', true).optional().meta({ description: 'Highest price accepted for one instance, in USD per hour.' }),
      max_concurrent: maxConcurrent.optional(),
    },
    expecting('a map of partition settings'),
  )
  .meta({ description: 'How jobs of one Slurm partition (-p/--partition) map onto EC2.' });

const partitionName = text(/^[^\s,]+$/, 'a partition name without spaces or commas');

// Examples go on the input side: JSON Schema drops them from a transform's output.
const gpuModel = z
  .string(expecting(`a GPU model name like a100 or l4`))
  .meta({ description: 'GPU model in the instance catalog.', examples: [...GPU_MODELS] })
  .transform((name, ctx) => {
    const model = normaliseGpuModel(name);
    if (isGpuModel(model)) return model;
    const close = suggest(model, GPU_MODELS);
    ctx.addIssue({
      code: 'custom',
      message: `"${name}" is not a GPU model in the instance catalog${close.length > 0 ? `; did you mean "${close[0]}"?` : ''}`,
      params: { code: MAPPING_CODES.unknownGpuModel, hint: `known models: ${GPU_MODELS.join(', ')}` } satisfies CustomIssueParams,
    });
    return z.NEVER;
  });

const gresTypeName = text(/^[^\s:,=]+$/, 'a GPU type name without spaces, colons or commas');

const PACKAGE_MANAGERS = ['apt', 'dnf', 'pip'] as const;
const packageSpec = text(/^(?!(?:apt|dnf|pip):$)(?:(?:apt|dnf|pip):)?\S+$/, 'a package like libopenmpi-dev, apt:libopenmpi-dev, dnf:openmpi-devel or pip:numpy==1.26').transform(
  (spec): PackageSpec => {
    const manager = PACKAGE_MANAGERS.find((m) => spec.startsWith(`${m}:`));
    return manager ? { manager, spec: spec.slice(manager.length + 1) } : { manager: 'system', spec };
  },
);

const condaEnvironment = nonEmptyText('a conda environment name or an environment file (.yml)').transform(
  (value): CondaEnvironment => (/\.ya?ml$/.test(value) || value.includes('/') ? { kind: 'file', path: value } : { kind: 'name', name: value }),
);

const moduleSetup = z
  .strictObject(
    {
      conda: condaEnvironment.optional().meta({
        description: 'Conda environment to activate: a name, or an environment file (ending in .yml/.yaml or containing a /; relative to this file) to create it from.',
      }),
      container: text(/^\S+$/, 'a container image like docker.io/library/python:3.12')
        .optional()
        .meta({ description: 'Container image to run the job in, e.g. docker.io/library/python:3.12.' }),
      packages: listOf(packageSpec, 'a list of packages').prefault([]).meta({
        description: 'Packages to install: a bare name uses the image’s package manager; apt:, dnf: or pip: prefixes choose one.',
      }),
      ami: amiByArchitecture.optional(),
      setup: listOf(nonEmptyText('a shell command'), 'a list of shell commands').prefault([]).meta({ description: 'Shell commands run once on the instance, in order, before the job.' }),
    },
    expecting('a map of module settings'),
  )
  .meta({ description: 'What replaces `module load <name>` on an instance.' });

const moduleName = text(/^\S+$/, 'a module name without spaces, like gcc or gcc/12.2.0');

const bucketName = z.string(expecting('an S3 bucket name')).superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (!problem) return;
  const url = /^s3:\/\/([^/]+)\/?(.*)$/.exec(name);
  ctx.addIssue({
    code: 'custom',
    message: `"${name}" is not a valid S3 bucket name: it ${problem}`,
    params: (url ? { hint: `write bucket: ${url[1]}${url[2] ? ` and prefix: ${url[2]}` : ''}` } : {}) satisfies CustomIssueParams,
  });
});

const relativeGlob = z.string(expecting('a glob relative to the submit directory, like data/*.csv')).superRefine((glob, ctx) => {
  if (glob.startsWith('/') || glob.split('/').includes('..') || glob.trim() === '') {
    ctx.addIssue({
      code: 'custom',
      message: `"${glob}" is not a glob inside the submit directory`,
      params: { hint: 'write it relative to the submit directory, without .. (data/*.csv)' } satisfies CustomIssueParams,
    });
  }
});

const storageSection = z
  .strictObject(
    {
      s3: z
        .strictObject(
          {
            // For editors only: length and characters. bucketNameProblem checks (and explains) every rule.
            bucket: bucketName.meta({ description: 'Bucket name (not an s3:// URL).', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' }),
            prefix: z
              .string(expecting('a key prefix like jobs/'))
              .prefault(BUILT_IN_DEFAULTS.s3_prefix)
              .transform(normaliseS3Prefix)
              .meta({ description: 'Key prefix under which job files are staged.' }),
          },
          expecting('a map with bucket and prefix'),
        )
        .optional()
        .meta({ description: 'S3 location for staging job scripts, inputs and outputs.' }),
      efs: text(EFS_PATTERN, 'an EFS file system id like fs-0123456789abcdef0')
        .optional()
        .meta({ description: 'EFS file system mounted on every instance, standing in for a shared cluster file system.' }),
      efs_mount: z
        .string(expecting('an absolute path like /shared'))
        .refine((path) => path.startsWith('/'), expecting('an absolute path like /shared'))
        .transform((path) => (path.length > 1 ? path.replace(/\/+$/, '') : path))
        .optional()
        .meta({
          description:
            'Where storage.efs is mounted on the cluster and this machine; instances mount it at the same path, so a submit directory under it is the same directory there. Default: where /proc/mounts shows it.',
        }),
      inputs: z
        .array(relativeGlob, expecting('a list of globs relative to the submit directory'))
        .prefault([])
        .meta({ description: 'Files (globs relative to the submit directory) put in S3 once per job and recreated on every instance before its tasks start.' }),
      outputs: z
        .array(relativeGlob, expecting('a list of globs relative to the submit directory'))
        .prefault([])
        .meta({ description: 'Files the job writes (globs relative to the submit directory), besides --output and --error, brought back into the submit directory.' }),
    },
    expecting('a map of storage settings'),
  )
  .meta({ description: 'Where job files live in the cloud.' });

const slurmVersion = z
  .union([z.string(), z.number()], expecting(`a Slurm release like "22.05"`))
  .meta({ description: 'Slurm release of the site, e.g. "22.05" (quote it).', examples: [...SLURM_RELEASES] })
  // YAML reads an unquoted 23.02 as the number 23.02; releases are two-digit year and month.
  .transform((value) => (typeof value === 'number' ? value.toFixed(2) : value))
  .transform((release, ctx) => {
    if (isSlurmRelease(release)) return release;
    ctx.addIssue({
      code: 'custom',
      message: `"${release}" is not a Slurm release spawn-slurm can imitate`,
      params: { hint: `use one of ${SLURM_RELEASES.join(', ')}` } satisfies CustomIssueParams,
    });
    return z.NEVER;
  });

// slurmctld logs an error for MaxArraySize above 4000001 (src/common/read_config.c).
const ARRAY_SIZE_PHRASE = expecting('a whole number from 0 to 4000001');
const arraySizeLimit = z.number(ARRAY_SIZE_PHRASE).int(ARRAY_SIZE_PHRASE).min(0, ARRAY_SIZE_PHRASE).max(4_000_001, ARRAY_SIZE_PHRASE);

const clusterSection = z
  .strictObject(
    {
      name: nonEmptyText('a cluster name').optional().meta({ description: 'Name of the cluster, for reports.' }),
      queue_wait: parsedText(DURATION_PATTERN, 'a duration like 30m, 4h or 1d', parseDurationMinutes, unitHint('m', 'minutes'))
        .optional()
        .meta({ description: 'Typical time a job waits in the queue before it starts (30m, 4h, 1d).' }),
      core_hour_price: price('USD per core-hour', false).optional().meta({ description: 'Internal price of one core-hour, in USD.' }),
      gpu_hour_price: price('USD per GPU-hour', false).optional().meta({ description: 'Internal price of one GPU-hour, in USD.' }),
      max_array_size: arraySizeLimit.optional().meta({
        description: "The site's slurm.conf MaxArraySize: array indices must be below it; 0 disables job arrays. Slurm's default is 1001.",
      }),
      slurm_version: slurmVersion.optional(),
    },
    expecting('a map of cluster figures'),
  )
  .meta({ description: "Figures about the site's own cluster, for the cloud-versus-cluster comparison." });

const tagKey = z.string(expecting('a tag key')).superRefine((key, ctx) => {
  const problem =
    key.length === 0 || key.length > 128 ? 'must be 1 to 128 characters long' : key.toLowerCase().startsWith('aws:') ? 'must not begin with "aws:" (reserved by AWS)' : undefined;
  if (problem) ctx.addIssue({ code: 'custom', message: `a tag key ${problem}` });
});

const spawnSection = z
  .strictObject(
    {
      iam_role: text(IAM_NAME_PATTERN, 'an instance profile name like spawn-slurm-instance', arnHint)
        .optional()
        .meta({ description: 'Name of an existing IAM instance profile for the instances; S3 staging needs one.' }),
      key_name: nonEmptyText('an EC2 key pair name').optional().meta({ description: 'EC2 key pair for SSH access to the instances.' }),
      tags: mapOf(tagKey, z.string(expecting('a tag value in quotes')).max(256, expecting('a tag value of at most 256 characters')), 'a map of tag names to values')
        .prefault({})
        .meta({ description: 'Tags put on every instance and volume (values are strings: quote numbers).' }),
      s3_stage: z.boolean(expecting('true or false')).optional().meta({
        description: 'Stage job scripts, inputs and outputs through storage.s3 (default: true when storage.s3 is set).',
      }),
    },
    expecting('a map of spawn settings'),
  )
  .meta({ description: 'Settings passed to the spawn launcher.' });

/**
 * Memory as slurm.conf gives it (RealMemory, DefMemPerCPU): a number of MiB, or a size like the other
 * sizes of this file. Either way a whole number of MiB, at least 1.
 */
function mebibytes(examples: (string | number)[]) {
  const phrase = 'a size like 16GiB or 512M, or a whole number of MiB';
  return z
    .union([z.number(), z.string()], expecting(phrase))
    .meta({ examples })
    .transform((value, ctx) => {
      const mib = typeof value === 'number' ? value : parseSizeMiB(value);
      if (mib !== undefined && Number.isInteger(mib) && mib >= 1) return mib;
      const written = typeof value === 'number' ? `${value}` : `"${value}"`;
      const [message, hint] =
        mib === undefined
          ? [`${written} is not ${phrase}`, decimalSizeHint(String(value))]
          : mib <= 0
            ? [`${written} leaves no memory: it must be at least 1 MiB`, undefined]
            : typeof value === 'number'
              ? [`${written} is not a whole number of MiB`, unitHint('G', 'GiB')(value)]
              : [`${written} is ${mib} MiB, not a whole number of MiB`, 'give whole MiB, e.g. 1M or 1536M'];
      ctx.addIssue({ code: 'custom', message, input: value, params: (hint ? { hint } : {}) satisfies CustomIssueParams });
      return z.NEVER;
    });
}

// slurmctld does not accept a KillWait above 65533 seconds (slurm.conf(5)).
const MAX_KILL_WAIT_SECONDS = 65_533;
const KILL_WAIT_PHRASE = 'a duration like 30s or 2m, or a whole number of seconds';
const killWait = z
  .union([z.number(), z.string()], expecting(KILL_WAIT_PHRASE))
  .meta({ examples: ['30s', '2m', 30] })
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : parseDurationSeconds(value);
    if (seconds !== undefined && Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_KILL_WAIT_SECONDS) return seconds;
    const written = typeof value === 'number' ? `${value}` : `"${value}"`;
    const message =
      seconds === undefined
        ? `${written} is not ${KILL_WAIT_PHRASE}`
        : seconds < 0
          ? `${written} is a negative number of seconds`
          : seconds > MAX_KILL_WAIT_SECONDS
            ? `${written} is more than Slurm allows for KillWait, ${MAX_KILL_WAIT_SECONDS} seconds`
            : `${written} is not a whole number of seconds`;
    ctx.addIssue({ code: 'custom', message, input: value });
    return z.NEVER;
  });

const localSection = z
  .strictObject(
    {
      cluster_name: text(/^[^\s,]{1,40}$/, 'a cluster name of at most 40 characters, without spaces or commas')
        // slurmctld maps upper-case letters of ClusterName to lower case.
        .transform((name) => name.toLowerCase())
        .optional()
        .meta({ description: 'SLURM_CLUSTER_NAME of local jobs, lower-cased as Slurm does (default: local).' }),
      partition: partitionName.optional().meta({ description: 'The partition a job that names none runs in: Default=YES in the local slurm.conf (default: local).' }),
      node_name: text(/^[^\s,[\]]+$/, 'a node name without spaces, commas or brackets')
        .optional()
        .meta({ description: "This machine's Slurm node name, as in SLURM_JOB_NODELIST (default: the short host name)." }),
      cpus: positiveInteger('CPUs').optional().meta({ description: "CPUs to hand out to jobs (default: all of this machine's)." }),
      memory: mebibytes(['16GiB', '512M', 65536]).optional().meta({
        description: "Memory to hand out to jobs, as slurm.conf's RealMemory: a size (16GiB, 512M) or a number of MiB (default: all of this machine's).",
      }),
      def_mem_per_cpu: mebibytes([1024, '2G', '512M']).optional().meta({
        description: "slurm.conf's DefMemPerCPU: memory per CPU for a job that asks for none, as a number of MiB (1024) or a size (1GiB) (default: memory divided by cpus).",
      }),
      kill_wait: killWait.optional().meta({
        description: "slurm.conf's KillWait: time from the time-limit SIGTERM to SIGKILL, as a duration (30s, 2m) or a number of seconds (default: 30s).",
      }),
    },
    expecting('a map of local settings'),
  )
  .meta({ description: 'This machine as a one-node Slurm cluster, for jobs run by the local backend.' });

const environmentVariable = text(ENV_VAR_PATTERN, 'an environment variable name like WEBHOOK_SECRET');

const clusterEntry = z
  .strictObject(
    {
      name: text(/^[A-Za-z0-9._-]{1,64}$/, 'a name of letters, digits, dots, dashes and underscores').meta({ description: 'How --cluster names it.' }),
      url: text(/^((unix:\/|https?:\/\/)\S+|commands(:\/\S*)?)$/, 'unix:/path/to/slurmrestd.socket, http://host:port, https://host:port, or commands').meta({
        description:
          "Its slurmrestd: a unix socket (rest_auth/local) or an http(s) address (JWT); or `commands` (`commands:/opt/slurm/bin`): the cluster's own sbatch, scontrol and scancel, on a login node.",
      }),
      user: text(/^\S+$/, 'a user name').optional().meta({ description: 'X-SLURM-USER-NAME (default: $SLURM_USER_NAME, else the current user).' }),
      token_file: text(/^\S+$/, 'a file path').optional().meta({ description: 'A file holding the JWT (SLURM_JWT=… or the token alone); read at each use, never copied.' }),
      token_env: environmentVariable.optional().meta({ description: 'The variable holding the JWT (default for http(s): SLURM_JWT).' }),
      scontrol_token: z.boolean().optional().meta({ description: 'Get a fresh token from `scontrol token` (on a login node of the cluster).' }),
      api_version: text(/^(auto|v0\.0\.(38|39|40|41|42))$/, 'auto or one of v0.0.38 … v0.0.42')
        .optional()
        .meta({
          description: 'The slurmrestd API version to use (default: auto, the newest both sides speak).',
        }),
    },
    expecting('a map with name and url'),
  )
  .meta({ description: 'A real Slurm cluster that --backend slurm submits to.' });

const burstSection = z
  .strictObject(
    {
      cluster: text(/^[A-Za-z0-9._-]{1,64}$/, 'the name of a cluster in clusters:')
        .optional()
        .meta({ description: 'The cluster jobs go to first (default: the only one in clusters:).' }),
      to: z.enum(['local', 'ec2'], expecting('local or ec2')).optional().meta({ description: 'Where jobs go when the cluster is busy (default: local).' }),
      max_cost_per_job: z
        .number(expecting('an amount in USD, above 0'))
        .positive(expecting('an amount in USD, above 0'))
        .optional()
        .meta({ description: 'With to: ec2, a job whose EC2 plan may cost more than this (USD, its upper bound) stays on the cluster.' }),
      start_after: parsedText(DURATION_PATTERN, 'a duration like 30m, 4h or 1d', parseDurationMinutes, unitHint('m', 'minutes'))
        .optional()
        .meta({ description: "Burst when the cluster's expected start for the job is later than this from now (30m, 2h)." }),
      pending_over: z
        .number(expecting('a whole number, 0 or more (pending jobs)'))
        .int(expecting('a whole number, 0 or more (pending jobs)'))
        .nonnegative(expecting('a whole number, 0 or more (pending jobs)'))
        .optional()
        .meta({ description: "Burst when the job's partition has more pending jobs than this." }),
      partition_down: z.boolean(expecting('true or false')).optional().meta({ description: "Burst when the job's partition is not UP or the cluster cannot be reached (default: true)." }),
    },
    expecting('a map of burst settings'),
  )
  .meta({ description: 'When `submit --backend auto` keeps a job on the cluster and when it sends it elsewhere.' });

const RULE_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const RULE_BACKENDS = ['local', 'ec2', 'slurm', 'auto'] as const;
const ACTION_KINDS = ['submit', 'run', 'sink'] as const;

// Validated by the rule engine's own parser, so a pattern accepted here is one it (and EventBridge) accepts.
const eventPattern = z
  .record(z.string(), z.unknown(), expecting('an EventBridge event pattern: a map of event fields to lists of values or matchers'))
  .superRefine((pattern, ctx) => {
    const parsed = parseEventPattern(pattern);
    if (parsed.ok) return;
    for (const problem of parsed.problems) {
      const params: CustomIssueParams = { code: MAPPING_CODES.invalidEventPattern, ...(problem.hint ? { hint: problem.hint } : {}) };
      ctx.addIssue({ code: 'custom', message: problem.message, path: [...problem.path], params });
    }
  })
  // The parser accepted it, so it is JSON: objects, lists, strings, finite numbers, booleans and null.
  .transform((pattern) => pattern as JsonObject)
  .meta({
    description:
      'An EventBridge event pattern (exact values, prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr, $or), the same as an EventBridge rule takes.',
  });

const ruleAction = z
  .strictObject(
    {
      submit: nonEmptyText('a batch script path').optional().meta({ description: 'Submit this batch script (a path relative to this file, or absolute) when the rule matches.' }),
      backend: z
        .enum(RULE_BACKENDS, expecting('local, ec2, slurm or auto'))
        .optional()
        .meta({ description: 'With submit: the backend the job goes to (default: what submit would choose for the script and args).' }),
      args: listOf(nonEmptyText('an sbatch option'), 'a list of sbatch options')
        .optional()
        .meta({ description: 'With submit: sbatch options, as on the command line before the script (-p gpu, --time=1:00:00).' }),
      run: nonEmptyText('a shell command').optional().meta({ description: 'Run this shell command when the rule matches.' }),
      sink: text(RULE_NAME, 'a sink name of letters, digits, dots, dashes and underscores').optional().meta({ description: 'Send the event to this sink.' }),
    },
    expecting('an action: {submit: script}, {run: command} or {sink: name}'),
  )
  .superRefine((action, ctx) => {
    const kinds = ACTION_KINDS.filter((kind) => action[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: kinds.length === 0 ? 'an action says what to do: submit, run or sink' : `an action does one thing, not ${kinds.join(' and ')}`,
        params: { hint: 'give each action its own list item' } satisfies CustomIssueParams,
      });
    }
    for (const option of ['backend', 'args'] as const) {
      if (action[option] !== undefined && action.submit === undefined) ctx.addIssue({ code: 'custom', message: `${option} belongs to a submit action`, path: [option] });
    }
  })
  .transform((action): RuleAction => {
    if (action.submit !== undefined) return { submit: action.submit, args: action.args ?? [], ...(action.backend ? { backend: action.backend } : {}) };
    if (action.run !== undefined) return { run: action.run };
    // The refinement above let through exactly one kind of action.
    return { sink: action.sink as string };
  })
  .meta({
    description: 'What a rule does with an event that matches: submit a script, run a command, or send the event to a sink.',
    // For editors: exactly one kind of action (the refinement above says so to the loader).
    oneOf: ACTION_KINDS.map((kind) => ({ required: [kind] })),
  });

const rule = z
  .strictObject(
    {
      name: text(RULE_NAME, 'a rule name of at most 64 letters, digits, dots, dashes and underscores').meta({
        description: 'How events test and the record of what each rule did name it; unique.',
      }),
      pattern: eventPattern,
      actions: listOf(ruleAction, 'a list of actions').min(1, expecting('a list of at least one action')).meta({ description: 'What to do, in order, with each event the pattern matches.' }),
    },
    expecting('a rule with a name, a pattern and actions'),
  )
  .meta({ description: 'An event pattern and what to do with the events it matches.' });

/** Refuses a list (rules, sinks) in which two entries have the same name, at the second. */
function uniqueNames(what: 'rule' | 'sink', code: string) {
  return [
    (entries: unknown[], ctx: z.RefinementCtx) => {
      const first = new Map<string, number>();
      entries.forEach((entry: unknown, i) => {
        // Also run when other parts of the entries are wrong (so all is said at once): an entry may be anything.
        const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
        if (typeof name !== 'string') return;
        const earlier = first.get(name);
        if (earlier === undefined) first.set(name, i);
        else {
          ctx.addIssue({
            code: 'custom',
            message: `the ${what} name "${name}" is taken by ${what}s[${earlier}]`,
            path: [i, 'name'],
            params: { code, hint: `give each ${what} a name of its own` } satisfies CustomIssueParams,
          });
        }
      });
    },
    { when: (payload: { value: unknown }) => Array.isArray(payload.value) },
  ] as const;
}

const rulesSection = listOf(rule, 'a list of rules, each with a name, a pattern and actions')
  .superRefine(...uniqueNames('rule', MAPPING_CODES.duplicateRuleName))
  .prefault([])
  .meta({ description: 'Rules that act on job events (and events from outside): an EventBridge pattern, and actions for the events it matches.' });

const SINK_TYPES = ['webhook', 'command', 'eventbridge'] as const satisfies readonly SinkType[];

/** The keys each type of sink takes besides name and type, and those it cannot do without. */
const SINK_FIELDS = {
  webhook: { takes: ['url', 'secret_env', 'timeout', 'retries'], needs: ['url', 'secret_env'] },
  command: { takes: ['command', 'timeout'], needs: ['command'] },
  eventbridge: { takes: ['bus', 'region', 'profile', 'source'], needs: [] },
} as const satisfies Record<SinkType, { takes: readonly string[]; needs: readonly string[] }>;

const SINK_EXAMPLES: Record<string, string> = {
  url: 'url: https://hooks.example.org/slurm',
  secret_env: 'secret_env: SLURM_WEBHOOK_SECRET (an environment variable holding the secret)',
  command: 'command: logger -t slurm-events',
};

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Why a text cannot be a webhook's address, with what to write instead. */
function webhookUrlProblem(text: string): (CustomIssueParams & { message: string }) | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { message: `"${text}" is not a URL`, hint: 'write the whole address: https://hooks.example.org/slurm' };
  }
  if (url.username || url.password) {
    // The text itself is not repeated: it holds a credential.
    return { message: 'the URL carries a user name or password, which would be a secret in the file', hint: 'remove it: the HMAC signature (secret_env) authenticates each request' };
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    if (LOOPBACK_HOSTS.includes(url.hostname)) return undefined;
    return {
      message: `"${text}" is plain http to another machine: events would cross the network unencrypted`,
      hint: `use https://${url.host}${url.pathname}; http:// is allowed only to this machine (127.0.0.1, localhost, ::1)`,
    };
  }
  return { message: `"${text}" is not an http(s) URL`, hint: 'use https://, or http:// to this machine (127.0.0.1, localhost, ::1)' };
}

const webhookUrl = nonEmptyText('an https:// URL').superRefine((text, ctx) => {
  const problem = webhookUrlProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: problem.hint ? { hint: problem.hint } : {} });
});

const sinkTimeout = parsedText(DURATION_PATTERN, 'a duration like 10s or 2m', parseDurationSeconds, unitHint('s', 'seconds')).superRefine((seconds, ctx) => {
  if (seconds <= 0) ctx.addIssue({ code: 'custom', message: 'a timeout of 0 would fail every delivery', params: { hint: 'give a duration like 10s' } satisfies CustomIssueParams });
});

const RETRIES_PHRASE = expecting('a whole number from 0 to 20 (further attempts)');
const EVENT_BUS_ARN = /^arn:aws[\w-]*:events:([a-z0-9-]+):\d{12}:event-bus\/[\w./-]{1,256}$/;
const eventBus = text(/^(?:[\w./-]{1,256}|arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[\w./-]{1,256})$/, 'an event bus name or ARN');
const eventSource = text(/^\S{1,256}$/, 'an event source like spawn-slurm.cluster').superRefine((source, ctx) => {
  if (source.startsWith('aws.')) {
    ctx.addIssue({
      code: 'custom',
      message: `EventBridge refuses custom events whose source starts with "aws."`,
      params: { hint: 'use a source of your own, like spawn-slurm.cluster' } satisfies CustomIssueParams,
    });
  }
});

const sink = z
  .strictObject(
    {
      name: text(SINK_NAME_PATTERN, 'a sink name of at most 64 letters, digits, dots, dashes and underscores, not starting with a dot').meta({
        description: 'How rules (`sink: NAME`) and `events status` name the sink; unique. Its undelivered events wait in $STATE/events/spool/NAME/.',
      }),
      type: z
        .enum(SINK_TYPES, expecting('webhook, command or eventbridge'))
        .meta({ description: 'webhook (HTTPS POST), command (the event on its standard input) or eventbridge (PutEvents).' }),
      url: webhookUrl.optional().meta({ description: 'webhook: where events are POSTed: https://, or http:// to this machine only (127.0.0.1, localhost, ::1).' }),
      secret_env: environmentVariable.optional().meta({
        description: 'webhook: the environment variable holding the HMAC-SHA256 secret that signs each request (X-Spawn-Slurm-Signature). The secret itself never goes in this file.',
      }),
      timeout: sinkTimeout.optional().meta({ description: `webhook, command: how long one delivery may take (default ${BUILT_IN_DEFAULTS.sink_timeout}).` }),
      retries: z
        .number(RETRIES_PHRASE)
        .int(RETRIES_PHRASE)
        .min(0, RETRIES_PHRASE)
        .max(20, RETRIES_PHRASE)
        .optional()
        .meta({ description: `webhook: further attempts after a failed request, with exponential backoff (default ${BUILT_IN_DEFAULTS.webhook_retries}).` }),
      command: nonEmptyText('a shell command')
        .optional()
        .meta({ description: "command: a shell command, run in this file's directory with the event's JSON on its standard input; exit status 0 means delivered." }),
      bus: eventBus.optional().meta({ description: `eventbridge: the event bus, by name or ARN (default ${BUILT_IN_DEFAULTS.eventbridge_bus}).` }),
      region: region.optional().meta({ description: "eventbridge: the bus's region (default: the region in the bus's ARN)." }),
      profile: text(/^\S+$/, 'an AWS profile name')
        .optional()
        .meta({ description: 'eventbridge: a profile from ~/.aws/config for the credentials (default: the standard chain: AWS_PROFILE, the environment, …).' }),
      source: eventSource.optional().meta({ description: "eventbridge: the Source of every entry (default: each event's own, spawn-slurm.<backend>)." }),
    },
    expecting('a sink with a name, a type and its settings'),
  )
  .superRefine((entry, ctx) => {
    const fields = SINK_FIELDS[entry.type];
    for (const key of Object.keys(entry)) {
      if (key === 'name' || key === 'type' || (fields.takes as readonly string[]).includes(key)) continue;
      const owners = SINK_TYPES.filter((type) => (SINK_FIELDS[type].takes as readonly string[]).includes(key));
      ctx.addIssue({ code: 'custom', message: `${key} belongs to a ${owners.join(' or ')} sink, not to a ${entry.type} one`, path: [key] });
    }
    for (const key of fields.needs) {
      if (entry[key] !== undefined) continue;
      const params: CustomIssueParams = { code: MAPPING_CODES.missingValue, ...(SINK_EXAMPLES[key] ? { hint: `add ${SINK_EXAMPLES[key]}` } : {}) };
      ctx.addIssue({ code: 'custom', message: `a ${entry.type} sink needs ${key}`, params });
    }
    if (entry.type !== 'eventbridge') return;
    const arnRegion = EVENT_BUS_ARN.exec(entry.bus ?? '')?.[1];
    if (arnRegion && entry.region && entry.region !== arnRegion) {
      ctx.addIssue({
        code: 'custom',
        message: `the bus ARN is in ${arnRegion}, not ${entry.region}`,
        path: ['region'],
        params: { hint: `remove region, or write region: ${arnRegion}` } satisfies CustomIssueParams,
      });
    }
    if (!arnRegion && !entry.region) {
      ctx.addIssue({
        code: 'custom',
        message: 'an eventbridge sink needs region (or a bus ARN, which names it)',
        params: { code: MAPPING_CODES.missingValue, hint: 'add region: us-east-1, the region of the bus' } satisfies CustomIssueParams,
      });
    }
  })
  .transform((entry): SinkSettings => {
    const { name } = entry;
    const timeout = entry.timeout ?? (parseDurationSeconds(BUILT_IN_DEFAULTS.sink_timeout) as number);
    // The refinement above made sure each type has what it needs.
    switch (entry.type) {
      case 'webhook':
        return { name, type: 'webhook', url: entry.url as string, secret_env: entry.secret_env as string, timeout, retries: entry.retries ?? BUILT_IN_DEFAULTS.webhook_retries };
      case 'command':
        return { name, type: 'command', command: entry.command as string, timeout };
      case 'eventbridge': {
        const bus = entry.bus ?? BUILT_IN_DEFAULTS.eventbridge_bus;
        const region = entry.region ?? (EVENT_BUS_ARN.exec(bus)?.[1] as string);
        return { name, type: 'eventbridge', bus, region, ...(entry.profile ? { profile: entry.profile } : {}), ...(entry.source ? { source: entry.source } : {}) };
      }
    }
  })
  .meta({
    description: 'Somewhere events are delivered besides the local event log: a webhook, a command or an EventBridge bus.',
    // For editors: what each type needs (the refinement above says so to the loader).
    oneOf: SINK_TYPES.map((type) => ({ properties: { type: { const: type } }, required: ['name', 'type', ...SINK_FIELDS[type].needs] })),
  });

const sinksSection = listOf(sink, 'a list of sinks, each with a name and a type')
  .superRefine(...uniqueNames('sink', MAPPING_CODES.duplicateSinkName))
  .prefault([])
  .meta({ description: 'Where events are delivered besides the local event log (which always gets them): webhooks, commands, EventBridge buses. Rules send to them with `sink: NAME`.' });

const mappingSections = z
  .strictObject(
    {
      defaults: defaultsSection.prefault({}),
      partitions: mapOf(partitionName, partition, 'a map of partition names to settings').prefault({}).meta({ description: 'By Slurm partition name.' }),
      gres: mapOf(gresTypeName, gpuModel, 'a map of GPU type names to GPU models').prefault({}).meta({
        description: 'Site GPU type names, as in --gres=gpu:<type>:N or --gpus=<type>:N, mapped to GPU models of the instance catalog.',
      }),
      modules: mapOf(moduleName, moduleSetup, 'a map of module names to settings').prefault({}).meta({
        description: 'By `module load` name: exact (gcc/12.2.0) or without a version (gcc), which matches every version.',
      }),
      storage: storageSection.prefault({}),
      cluster: clusterSection.prefault({}),
      spawn: spawnSection.prefault({}),
      local: localSection.prefault({}),
      burst: burstSection.prefault({}),
      clusters: listOf(clusterEntry, 'a list of clusters, each with a name and a url')
        .prefault([])
        .meta({ description: 'Real Slurm clusters to submit to (--backend slurm --cluster NAME).' }),
      rules: rulesSection,
      sinks: sinksSection,
    },
    expecting('a map of sections (defaults, partitions, gres, modules, storage, cluster, spawn, local, clusters, burst, rules, sinks)'),
  )
  .meta({
    title: 'spawn-slurm mapping.yaml',
    description: "How a site's Slurm partitions, GPUs and modules map onto EC2. Every field is optional.",
  });

export const mappingFileSchema = mappingSections.transform(withDerivedDefaults) satisfies z.ZodType<MappingConfig>;
