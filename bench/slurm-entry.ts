// Entry point bundled by bench/slurm.mjs: what a REST submission benchmark drives.
export { SlurmBackend } from '../src/launch/slurm/slurm-backend.js';
export { analyseScript } from '../src/model/analyse.js';
