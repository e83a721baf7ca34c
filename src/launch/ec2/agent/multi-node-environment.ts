import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroupNode } from './node-group.js';

/** ssh as srun uses it to reach the other nodes; the job key and host-key settings are in ~/.ssh/config. */
export const DEFAULT_RSH = 'ssh -o BatchMode=yes';

/**
 * The first node's extra variables: host files in the forms MPI launchers read (one name a line as
 * Slurm's SLURM_HOSTFILE, `name slots=N` for Open MPI, `name:N` for MPICH and Intel MPI), named by the
 * variables each reads by default, so `mpirun` without arguments starts on every node, and the remote
 * shell srun uses. A variable the job's own environment sets is left as it is.
 */
export function multiNodeEnvironment(dir: string, nodes: readonly GroupNode[], tasksPerNode: readonly number[], rsh: string, submitted: Record<string, string>): Record<string, string> {
  const slots = (i: number) => tasksPerNode[i] ?? 1;
  const files = {
    plain: join(dir, 'hostfile'),
    openmpi: join(dir, 'hostfile.openmpi'),
    mpich: join(dir, 'hostfile.mpich'),
  };
  writeFileSync(files.plain, nodes.map((n) => `${n.name}\n`).join(''));
  writeFileSync(files.openmpi, nodes.map((n, i) => `${n.name} slots=${slots(i)}\n`).join(''));
  writeFileSync(files.mpich, nodes.map((n, i) => `${n.name}:${slots(i)}\n`).join(''));
  const wanted: Record<string, string> = {
    SPAWN_SLURM_HOSTFILE: files.plain,
    SPAWN_SLURM_RSH: rsh,
    OMPI_MCA_orte_default_hostfile: files.openmpi,
    PRTE_MCA_prte_default_hostfile: files.openmpi,
    HYDRA_HOST_FILE: files.mpich,
  };
  return Object.fromEntries(Object.entries(wanted).filter(([name]) => submitted[name] === undefined));
}
