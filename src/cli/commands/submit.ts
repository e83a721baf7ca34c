import { UsageError } from '../../core/errors.js';
import { LocalBackend } from '../../launch/local/local-backend.js';
import type { Backend } from '../../launch/backend.js';
import { localSettings } from '../../mapping/config/local-settings.js';
import type { MappingConfig } from '../../mapping/config/types.js';
import { type Analysis, analyseScript } from '../../model/analyse.js';
import type { JobSpec } from '../../model/schema.js';
import { resolveTarget, type TargetChoice } from '../../launch/slurm/cluster-target.js';
import { SlurmBackend, UnexpressibleError } from '../../launch/slurm/slurm-backend.js';
import { AutoBackend } from '../../launch/burst/auto-backend.js';
import { unexpressibleDiagnostics } from '../../launch/slurm/unexpressible.js';
import { stateDirectory } from '../../store/state-dir.js';
import { locate } from '../format/located.js';
import { formatText } from '../format/text.js';
import { splitLeadingSbatchOptions } from '../leading-sbatch-options.js';
import { decodeScript, type LoadedScript } from '../../model/decode-script.js';
import { readScript } from '../read-script.js';
import { splitToolArgs, type ToolOption } from '../sbatch-args.js';
import { mappingFileFor } from '../mapping-findings.js';
import { parseOptionsFrom, releaseFrom } from '../script-options.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../../parser/values/context.js';
import { waitForClusterJobs, waitForEc2Jobs, waitForJobs } from '../wait-for-jobs.js';
import { ec2BackendFor, type Ec2SubmitOptions, submitPlan } from '../ec2-submit.js';
import { runSpawnSubmit } from '../spawn-submit.js';
import { markRulesInUse, triggerDispatch } from '../../events/dispatch/trigger.js';

const TOOL_OPTIONS: readonly ToolOption[] = [
  { long: 'backend', takesValue: true },
  { long: 'config', takesValue: true },
  { long: 'slurm-release', takesValue: true },
  { long: 'slurmrestd', takesValue: true },
  { long: 'cluster', takesValue: true },
  { long: 'json', takesValue: false },
  { long: 'detach', takesValue: false },
  { long: 'debug', takesValue: false },
  // The ec2 backend: confirmation, cost ceiling, AWS profile, where and how to buy.
  { long: 'yes', takesValue: false },
  { long: 'max-cost', takesValue: true },
  { long: 'profile', takesValue: true },
  { long: 'region', takesValue: true },
  { long: 'purchase', takesValue: true },
  { long: 'max-array-size', takesValue: true },
  // The sbatch that jobs find on their PATH: words after the script name are the script's arguments.
  { long: 'as-sbatch', takesValue: false },
];

const BACKENDS = ['local', 'ec2', 'slurm', 'spawn', 'auto'] as const;
const CLOUD_BACKENDS: ReadonlySet<string> = new Set(['ec2', 'spawn']);

/** The script sbatch writes for --wrap (sbatch.c _script_wrap). */
function wrapScript(command: string): LoadedScript {
  return decodeScript(Buffer.from(`#!/bin/sh\n# This script was created by sbatch --wrap.\n\n${command}\n`, 'utf8'), 'wrap');
}

interface SubmitWords {
  tool: Map<string, string[]>;
  script: string | undefined;
  sbatch: string[];
  scriptArgs: string[];
  wrap: string | undefined;
}

/** `submit [sbatch options] [SCRIPT [sbatch options] [-- script arguments]]`, or sbatch's own order. */
function splitWords(words: readonly string[]): SubmitWords {
  const leading = splitLeadingSbatchOptions(words, TOOL_OPTIONS);
  const before = splitToolArgs(leading.tool, TOOL_OPTIONS);
  const asSbatch = before.tool.has('as-sbatch');
  const after = asSbatch ? { tool: new Map<string, string[]>(), sbatch: [] as string[] } : splitToolArgs(leading.rest, TOOL_OPTIONS);
  const tool = new Map(before.tool);
  for (const [name, values] of after.tool) tool.set(name, [...(tool.get(name) ?? []), ...values]);
  let sbatch = [...leading.sbatch, ...after.sbatch];
  let scriptArgs: string[] = asSbatch ? [...leading.rest] : [];
  const dashes = sbatch.indexOf('--');
  if (dashes >= 0) {
    scriptArgs = sbatch.slice(dashes + 1);
    sbatch = sbatch.slice(0, dashes);
  }
  const wrapSplit = splitToolArgs(sbatch, [{ long: 'wrap', takesValue: true }]);
  return { tool, script: leading.script, sbatch: wrapSplit.sbatch, scriptArgs, wrap: wrapSplit.tool.get('wrap')?.at(-1) };
}

async function backendFor(name: string, mapping: MappingConfig, choice: TargetChoice, cloud: Ec2SubmitOptions): Promise<Backend> {
  if (!(BACKENDS as readonly string[]).includes(name)) throw new UsageError(`unknown backend "${name}"`, `choose one of ${BACKENDS.join(', ')}`);
  if (name === 'slurm') return new SlurmBackend(stateDirectory(), resolveTarget(choice, mapping.clusters));
  if (name === 'auto') {
    const cluster = new SlurmBackend(stateDirectory(), resolveTarget({ ...choice, cluster: choice.cluster ?? mapping.burst.cluster }, mapping.clusters));
    if (mapping.burst.to === 'ec2') {
      const ceiling = mapping.burst.max_cost_per_job;
      const cost = ceiling === undefined ? undefined : async (job: JobSpec) => (await submitPlan(job, mapping, cloud, false))?.upperBoundUsd ?? null;
      return new AutoBackend(cluster, await ec2BackendFor(mapping, cloud), mapping.burst, stateDirectory(), cost);
    }
    return new AutoBackend(cluster, new LocalBackend(stateDirectory(), localSettings(mapping)), mapping.burst, stateDirectory());
  }
  if (name !== 'local') throw new UsageError(`the ${name} backend is not available in this version`, 'use --backend local (the default), ec2 or slurm');
  return new LocalBackend(stateDirectory(), localSettings(mapping));
}

/** A cluster job the API version cannot describe is refused at the directive that asked for it. */
function reportUnexpressible(error: unknown, analysis: Analysis, file: string, text: string): boolean {
  if (!(error instanceof UnexpressibleError)) return false;
  const diagnostics = unexpressibleDiagnostics(analysis.parsed, error.items, error.version);
  process.stderr.write(formatText([{ file, accepted: false, diagnostics: locate(diagnostics, file, text) }]));
  return true;
}

function snapshotEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return env;
}

export async function runSubmit(words: string[]): Promise<number> {
  const split = splitWords(words);
  const tool = (name: string) => split.tool.get(name)?.at(-1);
  if (split.wrap !== undefined && split.script !== undefined) {
    throw new UsageError('--wrap and a script file cannot both be given', 'drop the script name, or the --wrap command');
  }
  const file = split.wrap !== undefined ? 'wrap' : (split.script ?? '-');
  const loaded = split.wrap !== undefined ? wrapScript(split.wrap) : await readScript(file);
  const release = releaseFrom(tool('slurm-release'));
  const mappingFile = await mappingFileFor(tool('config'));
  if (!mappingFile) return 1;
  const mapping = mappingFile.config;
  // On EC2 the job runs outside Slurm: the site's MaxArraySize is only advice there, as for estimate and convert.
  const toCloud = CLOUD_BACKENDS.has(tool('backend') ?? process.env.SPAWN_SLURM_BACKEND ?? '');
  const parseOptions = parseOptionsFrom(
    file,
    {
      slurmRelease: release,
      ...(toCloud ? { cloud: true, maxArraySize: tool('max-array-size') ?? mapping.cluster.max_array_size ?? DEFAULT_MAX_ARRAY_SIZE } : { maxArraySize: tool('max-array-size') }),
    },
    [...split.sbatch, '--', ...split.scriptArgs],
  );
  const analysis = analyseScript(loaded, parseOptions, loaded.diagnostics);
  const located = locate(analysis.diagnostics, file, loaded.text);
  const problems = analysis.accepted ? located.filter((d) => d.severity === 'error') : located;
  if (problems.length > 0) process.stderr.write(formatText([{ file, accepted: analysis.accepted, diagnostics: problems }]));
  if (!analysis.accepted) return 1;

  const job = analysis.job;
  const backendName =
    tool('backend') ?? (tool('slurmrestd') !== undefined || tool('cluster') !== undefined ? 'slurm' : undefined) ?? job.spawn.backend ?? process.env.SPAWN_SLURM_BACKEND ?? 'local';
  const cloud = {
    file,
    text: loaded.text,
    yes: split.tool.has('yes'),
    maxCost: tool('max-cost'),
    profile: tool('profile') ?? process.env.AWS_PROFILE,
    region: tool('region'),
    purchase: tool('purchase'),
    quiet: split.tool.has('json'),
  };
  if (backendName === 'spawn') return runSpawnSubmit(job, mapping, { ...cloud, mappingPath: mappingFile.path });
  const backend = backendName === 'ec2' ? await ec2BackendFor(mapping, cloud) : await backendFor(backendName, mapping, { cluster: tool('cluster'), slurmrestd: tool('slurmrestd') }, cloud);
  const flag = (option: string) => job.options[option] !== undefined;
  const rulesConfig = mapping.rules.length > 0 ? mappingFile.path : undefined;
  const submission = {
    job,
    script: loaded.base64 ? Buffer.from(loaded.base64, 'base64') : Buffer.from(loaded.text, 'utf8'),
    submitDir: process.cwd(),
    environment: snapshotEnvironment(),
    ...(rulesConfig ? { rulesConfig } : {}),
  };
  if (rulesConfig) markRulesInUse(stateDirectory());
  if (flag('test-only')) {
    process.stderr.write(`${await backend.testOnly(submission)}\n`);
    return 0;
  }
  if (backend instanceof AutoBackend) process.stderr.write(`spawn-slurm: auto: ${(await backend.decide(submission)).reason}\n`);
  let jobId: number;
  try {
    ({ jobId } = await backend.submit(submission));
  } catch (error) {
    if (reportUnexpressible(error, analysis, file, loaded.text)) return 1;
    throw error;
  }

  if (rulesConfig) triggerDispatch(stateDirectory());
  if (split.tool.has('json'))
    process.stdout.write(
      `${JSON.stringify({ jobId, backend: (backend instanceof AutoBackend ? backend.chosen : backend)?.name, ...(backend instanceof AutoBackend ? { reason: backend.decision?.reason } : {}) })}\n`,
    );
  else if (flag('parsable')) process.stdout.write(`${jobId}\n`);
  else if (!flag('quiet')) process.stdout.write(`Submitted batch job ${jobId}\n`);
  if (!flag('wait')) return 0;
  const ran = backend instanceof AutoBackend ? backend.chosen : backend;
  if (backend instanceof AutoBackend && backend.clusterPart !== null) {
    // A split array: its exit status is the worse of its two parts'.
    const [here, there] = await Promise.all([waitForJobs(stateDirectory(), [jobId]), waitForClusterJobs(stateDirectory(), backend.clusterName, [backend.clusterPart])]);
    return Math.max(here, there);
  }
  if (ran instanceof SlurmBackend) return waitForClusterJobs(stateDirectory(), ran.target.name, [jobId]);
  if (ran?.name === 'ec2') return waitForEc2Jobs(stateDirectory(), [jobId]);
  return waitForJobs(stateDirectory(), [jobId]);
}
