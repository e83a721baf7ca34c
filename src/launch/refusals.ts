import { SpawnSlurmError } from '../core/errors.js';
import type { Plan } from '../mapping/plan-types.js';

/** Jobs the spawn launcher cannot run as a sweep: several nodes per task, or several components. */
export function refuseUnsupportedJob(plan: Plan): void {
  const job = plan.job;
  if (job.components.length > 1) {
    throw new SpawnSlurmError(
      'heterogeneous-job',
      `${job.file}: job ${job.name} is a heterogeneous job with ${job.components.length} components; spawn launches one kind of instance per task`,
      'split it into separate jobs (one per "#SBATCH hetjob" component), or run it on a Slurm cluster',
    );
  }
  const nodes = plan.placement?.instancesPerTask ?? job.components[0]?.needs.nodes ?? 1;
  if (nodes > 1) {
    throw new SpawnSlurmError(
      'multi-node-job',
      `${job.file}: job ${job.name} runs on ${nodes} nodes; spawn's multi-node (MPI) mode cannot exchange its keys in either version, so convert does not launch it`,
      'fit it on one node (--nodes=1 with its tasks on one larger instance), or run it on a Slurm cluster',
    );
  }
}
