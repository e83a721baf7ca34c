import { analyseScript } from '../../src/model/analyse.js';
import { loadEmbeddedCatalog } from '../../src/mapping/catalog/load.js';
import type { Catalog } from '../../src/mapping/catalog/types.js';
import { defaultMappingConfig } from '../../src/mapping/config/defaults.js';
import { parseMappingText } from '../../src/mapping/config/loader.js';
import type { MappingConfig } from '../../src/mapping/config/types.js';
import { buildPlan } from '../../src/mapping/plan.js';
import type { Plan } from '../../src/mapping/plan-types.js';
import type { PlanOverrides } from '../../src/mapping/select/settings.js';
import type { SlurmRelease } from '../../src/parser/slurm-release.js';

let embedded: Catalog | undefined;

export async function embeddedCatalog(): Promise<Catalog> {
  embedded ??= await loadEmbeddedCatalog();
  return embedded;
}

/** A mapping.yaml text loaded as the CLI loads it; throws on errors so a test cannot pass on a broken fixture. */
export function mappingFrom(yaml: string | undefined): MappingConfig {
  if (yaml === undefined) return defaultMappingConfig();
  const loaded = parseMappingText(yaml, 'mapping.yaml');
  if (!loaded.config) throw new Error(`bad mapping in test: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.config;
}

export interface PlanForOptions {
  mapping?: MappingConfig;
  release?: SlurmRelease;
  /** sbatch options after the script name, and `--` then the script's arguments. */
  cli?: string[];
  overrides?: PlanOverrides;
  catalog?: Catalog;
}

/** A whole script text → the Plan the CLI would build, against the embedded catalog (never a user's refreshed one). */
export async function planForText(text: string, options: PlanForOptions = {}): Promise<Plan> {
  const analysis = analyseScript(
    { text },
    { fileName: 'job.sbatch', release: options.release ?? '22.05', env: {}, cliArgs: options.cli ?? [], arraySizeIsHardLimit: false, maxArraySize: 2_000_000 },
  );
  const refused = analysis.diagnostics.filter((d) => d.refusedBySbatch);
  if (refused.length > 0) throw new Error(`test script refused: ${refused.map((d) => d.message).join('; ')}`);
  return buildPlan({
    job: analysis.job,
    mapping: options.mapping ?? defaultMappingConfig(),
    catalog: options.catalog ?? (await embeddedCatalog()),
    overrides: options.overrides ?? {},
    file: 'job.sbatch',
  });
}

/** `#SBATCH` lines (without the prefix) and a body → the Plan the CLI would build. */
export function planFor(directives: string[], options: Omit<PlanForOptions, 'mapping'> & { mapping?: string; body?: string } = {}): Promise<Plan> {
  const text = `#!/bin/bash\n${directives.map((d) => (d.startsWith('#') ? d : `#SBATCH ${d}`)).join('\n')}\n${options.body ?? 'srun hostname\n'}`;
  return planForText(text, { ...options, mapping: mappingFrom(options.mapping) });
}

export const chosen = (plan: Plan) => plan.placement?.candidates[0]?.instanceType;
export const codes = (plan: Plan) => plan.diagnostics.map((d) => d.code);
