/**
 * The front half of `estimate`, `convert` and later `submit`: read one script with its sbatch
 * options, load mapping.yaml and the catalog, and build the Plan they all read.
 */
import { analyseScript, type Analysis } from '../model/analyse.js';
import { loadCatalog } from '../mapping/catalog/load.js';
import { defaultMappingConfig } from '../mapping/config/defaults.js';
import { loadMappingConfig } from '../mapping/config/load-config.js';
import type { MappingConfig, Purchase } from '../mapping/config/types.js';
import { buildPlan } from '../mapping/plan.js';
import { filesMatching, unstagedPaths } from '../launch/ec2/staged-inputs.js';
import type { Plan } from '../mapping/plan-types.js';
import type { Diagnostic } from '../parser/diagnostic.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../parser/values/context.js';
import { UsageError } from '../core/errors.js';
import { locate, type LocatedDiagnostic } from './format/located.js';
import { locateMappingFindings } from './mapping-findings.js';
import { formatText } from './format/text.js';
import { readScript } from './read-script.js';
import { splitToolArgs, type ToolOption } from './sbatch-args.js';
import { parseOptionsFrom, positiveIntFrom, releaseFrom } from './script-options.js';

/** The options every plan command shares, as they may also appear among the sbatch options after the script. */
const PLAN_TOOL_OPTIONS: readonly ToolOption[] = [
  // Long forms only: after the script name, `-c` is sbatch's --cpus-per-task.
  { long: 'config', takesValue: true },
  { long: 'region', takesValue: true },
  { long: 'purchase', takesValue: true },
  { long: 'slurm-release', takesValue: true },
  { long: 'max-array-size', takesValue: true },
  { long: 'json', takesValue: false },
  { long: 'debug', takesValue: false },
];

export interface PlannedJob {
  plan: Plan;
  analysis: Analysis;
  /** Every finding (script, mapping.yaml, mapping stage), located; mapping.yaml ones name that file. */
  located: LocatedDiagnostic[];
  /** The mapping file used; undefined when the built-in defaults apply. */
  mappingPath: string | undefined;
  /** The loaded mapping.yaml, or the built-in defaults when there is none or it is broken. */
  mapping: MappingConfig;
  /** Command options, merged from before and after the script name (camelCase keys, as commander gives them). */
  options: Record<string, unknown>;
  /** Nothing stops the job: sbatch accepts it, mapping.yaml loads, an instance type fits. */
  ok: boolean;
}

const camel = (long: string) => long.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Commander's options with the same options given after the script name (`estimate job.sbatch --json`). */
function mergeOptions(opts: Record<string, unknown>, tool: Map<string, string[]>, toolOptions: readonly ToolOption[]): Record<string, unknown> {
  const merged = { ...opts };
  for (const option of toolOptions) {
    const values = tool.get(option.long);
    if (values) merged[camel(option.long)] = option.takesValue ? values.at(-1) : true;
  }
  return merged;
}

function purchaseFrom(value: unknown): Purchase | undefined {
  if (value === undefined) return undefined;
  if (value === 'spot' || value === 'on-demand' || value === 'spot-with-fallback') return value;
  throw new UsageError(`--purchase must be spot, on-demand or spot-with-fallback, not "${String(value)}"`);
}

/**
 * Reads the script (and its sbatch options), mapping.yaml and the catalog, and builds the Plan. Never
 * throws for a bad script or mapping file: the problems are in `located` and `ok` is false.
 */
export async function planJob(script: string, rest: readonly string[], opts: Record<string, unknown>, extraToolOptions: readonly ToolOption[] = []): Promise<PlannedJob> {
  const toolOptions = [...PLAN_TOOL_OPTIONS, ...extraToolOptions];
  const release = releaseFrom(opts.slurmRelease);
  const split = splitToolArgs(rest, toolOptions, release);
  const options = mergeOptions(opts, split.tool, toolOptions);
  const purchase = purchaseFrom(options.purchase);

  const mapping = await loadMappingConfig({ cwd: process.cwd(), env: process.env, explicitPath: options.config as string | undefined });
  const config: MappingConfig | undefined = mapping.config;
  // With a broken mapping file the defaults stand in, so the script's own findings still show.
  const effectiveMapping = config ?? defaultMappingConfig();
  const loaded = await readScript(script);
  const parseOptions = parseOptionsFrom(
    script,
    {
      slurmRelease: options.slurmRelease ?? config?.cluster.slurm_version,
      // The job runs outside Slurm: MaxArraySize is the site's, and only advice.
      maxArraySize: positiveIntFrom(options.maxArraySize, '--max-array-size') ?? config?.cluster.max_array_size ?? DEFAULT_MAX_ARRAY_SIZE,
      cloud: true,
    },
    split.sbatch,
  );
  const analysis = analyseScript(loaded, parseOptions, loaded.diagnostics);
  const catalog = await loadCatalog();
  const plan = buildPlan({
    job: analysis.job,
    mapping: effectiveMapping,
    catalog: catalog.catalog,
    overrides: { region: options.region as string | undefined, purchase },
    file: script,
  });
  const catalogNotes: Diagnostic[] = catalog.warnings.map((w) => ({
    code: w.code,
    severity: 'warning',
    message: w.message,
    ...(w.hint ? { hint: w.hint } : {}),
    origin: { kind: 'file', file: script },
  }));
  const located = [
    ...locate(analysis.diagnostics, script, loaded.text),
    ...locateMappingFindings(mapping.diagnostics, mapping.location?.path),
    ...locate([...catalogNotes, ...plan.diagnostics, ...(await unstagedInputs(plan, script, loaded.text))], script, loaded.text),
  ];
  const ok = analysis.accepted && config !== undefined && plan.placement !== null && !located.some((d) => d.severity === 'error');
  return { plan, analysis, located, mappingPath: mapping.location?.path, mapping: effectiveMapping, options, ok };
}

/** Paths the script uses that an instance would lack (no EFS, not in storage.inputs); none for a script read from stdin. */
async function unstagedInputs(plan: Plan, script: string, text: string): Promise<Diagnostic[]> {
  if (plan.storage.efs || plan.placement === null) return [];
  return unstagedPaths(text, script, process.cwd(), await filesMatching(process.cwd(), plan.storage.inputs));
}

/** The findings as `file:line:col severity code message` lines, for standard error. */
export function describeFindings(planned: PlannedJob): string {
  if (planned.located.length === 0) return '';
  return formatText([{ file: planned.plan.job.file, accepted: planned.ok, diagnostics: planned.located }]);
}
