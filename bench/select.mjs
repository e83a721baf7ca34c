// select.ms_per_job: building the Plan (instance selection over the whole catalog) for a mix of jobs in
// every region the catalog knows, with the catalog already loaded, as a long-running process would.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateScript } from './corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function loadBundle() {
  const outfile = join(root, 'bench', 'tmp', 'select-bundle.cjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(root, 'bench', 'select-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
    supported: { 'dynamic-import': false },
  });
  return createRequire(import.meta.url)(outfile);
}

export const benchmarks = [
  {
    name: 'select',
    async run() {
      const spawnSlurm = await loadBundle();
      const catalog = await spawnSlurm.loadEmbeddedCatalog();
      const mapping = spawnSlurm.defaultMappingConfig();
      const jobs = Array.from({ length: 50 }, (_, i) => spawnSlurm.analyseScript({ text: generateScript(i) }, { fileName: `job${i}.sbatch`, env: {}, arraySizeIsHardLimit: false }).job);
      const regions = catalog.regions();
      const start = process.hrtime.bigint();
      let placed = 0;
      for (const region of regions) {
        for (const job of jobs) {
          const plan = spawnSlurm.buildPlan({ job, mapping, catalog, overrides: { region }, file: job.file });
          if (plan.placement) placed++;
        }
      }
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const selections = regions.length * jobs.length;
      if (placed === 0) throw new Error('no job was placed: the benchmark measures nothing');
      return {
        'select.ms_per_job': {
          value: ms / selections,
          goal: '≤ 5',
          note: `${jobs.length} generated jobs × ${regions.length} regions over ${catalog.types().length} types (${placed} placed), ${ms.toFixed(0)} ms in all, region price columns built on first use`,
        },
      };
    },
  },
];
