// Entry point bundled by bench/select.mjs: the parts of spawn-slurm a selection benchmark drives.
export { analyseScript } from '../src/model/analyse.js';
export { loadEmbeddedCatalog } from '../src/mapping/catalog/load.js';
export { defaultMappingConfig } from '../src/mapping/config/defaults.js';
export { buildPlan } from '../src/mapping/plan.js';
