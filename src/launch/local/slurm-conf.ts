import { join } from 'node:path';
import { writeFileAtomicSync } from '../../store/atomic-write.js';
import type { NodeFacts } from '../../store/job-record.js';

/** SLURM_CONF of local jobs: this machine described as the one-node cluster it stands in for. */
export function writeSlurmConf(stateDir: string, node: NodeFacts): void {
  const gres = node.gpus.length > 0 ? ` Gres=gpu:${node.gpus.length}` : '';
  const text = [
    '# Written by spawn-slurm: this machine as a one-node cluster (the local backend). Not read by Slurm.',
    `ClusterName=${node.clusterName}`,
    `DefMemPerCPU=${node.defMemPerCpuMiB}`,
    `KillWait=${node.killWaitSeconds}`,
    `NodeName=${node.nodeName} CPUs=${node.cpus} RealMemory=${node.memoryMiB}${gres} State=UNKNOWN`,
    `PartitionName=${node.defaultPartition} Nodes=${node.nodeName} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n');
  writeFileAtomicSync(join(stateDir, 'slurm.conf'), text, 0o644, false);
}
