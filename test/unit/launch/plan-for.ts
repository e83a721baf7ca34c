import { defaultMappingConfig } from '../../../src/mapping/config/defaults.js';
import type { MappingConfig } from '../../../src/mapping/config/types.js';
import { buildPlan } from '../../../src/mapping/plan.js';
import type { Plan } from '../../../src/mapping/plan-types.js';
import { analyseScript } from '../../../src/model/analyse.js';
import { embeddedCatalog } from '../../support/plan-for.js';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';

/** The Plan the CLI would build for a script text, with the built-in mapping unless one is given. */
export async function planFor(text: string, options: { mapping?: MappingConfig; release?: SlurmRelease; cli?: string[]; file?: string } = {}): Promise<Plan> {
  const file = options.file ?? 'job.sbatch';
  const analysis = analyseScript({ text }, { fileName: file, release: options.release ?? '22.05', env: {}, cliArgs: options.cli ?? [], arraySizeIsHardLimit: false, maxArraySize: 2_000_000 });
  // The embedded catalog: a refreshed one in the user's cache must not change what tests see.
  return buildPlan({ job: analysis.job, mapping: options.mapping ?? defaultMappingConfig(), catalog: await embeddedCatalog(), file });
}
