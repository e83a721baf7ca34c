import type { ClusterApi, NodeInfo, PartitionInfo } from '../slurm/cluster-api.js';
import type { RemoteJob } from '../slurm/remote-job.js';

/** How busy a cluster is for one job, as far as the cluster says. */
export interface ClusterLoad {
  partition: string;
  /** UP, DOWN, DRAIN, INACTIVE; null when the cluster has no such partition. */
  partitionState: string | null;
  /** Jobs waiting in the partition that are not held: they go before this one. */
  pendingJobs: number;
  /** CPUs free now on the partition's usable nodes. */
  idleCpus: number;
  /** When the job would start (epoch seconds): the scheduler's word where it gives one, else an estimate; null when unknown. */
  expectedStart: number | null;
  /** How expectedStart was found. */
  basis: 'sbatch --test-only' | 'free CPUs now' | 'running jobs ending' | 'unknown';
  /** What the estimate was made from, to estimate again for more CPUs (an array's later tasks). */
  nodes: NodeInfo[];
  jobs: RemoteJob[];
}

const USABLE = new Set(['IDLE', 'MIXED', 'ALLOCATED', 'COMPLETING']);
const HELD = /^Job(Held|HeldUser|HeldAdmin)$|^(BeginTime|Dependency)$/;

function partitionFor(requested: string | null, partitions: readonly PartitionInfo[]): string {
  if (requested) return requested.split(',')[0] ?? requested;
  return (partitions.find((p) => p.isDefault) ?? partitions[0])?.name ?? '';
}

/**
 * The earliest time enough CPUs are free: now when they are and nothing waits ahead, else when the
 * running jobs (by their expected ends) have freed what this job and those ahead of it need.
 */
export function estimateStart(
  needCpus: number,
  nodes: readonly NodeInfo[],
  jobs: readonly RemoteJob[],
  partition: string,
  nowS: number,
): Pick<ClusterLoad, 'idleCpus' | 'pendingJobs' | 'expectedStart' | 'basis'> {
  const mine = nodes.filter((n) => n.partitions.includes(partition) && USABLE.has(n.state));
  const idleCpus = mine.reduce((sum, n) => sum + Math.max(0, n.cpus - n.allocatedCpus), 0);
  const ahead = jobs.filter((j) => j.partition === partition && j.state === 'PENDING' && !HELD.test(j.reason ?? ''));
  const needed = needCpus + ahead.reduce((sum, j) => sum + (j.cpus ?? 1), 0);
  if (ahead.length === 0 && idleCpus >= needCpus) return { idleCpus, pendingJobs: 0, expectedStart: nowS, basis: 'free CPUs now' };
  const running = jobs.filter((j) => j.partition === partition && j.state === 'RUNNING').sort((a, b) => (a.endTime ?? Infinity) - (b.endTime ?? Infinity));
  let free = idleCpus;
  for (const job of running) {
    // No end in sight (no time limit): nothing after it can be foreseen.
    if (job.endTime === null || job.endTime <= 0) break;
    free += job.cpus ?? 1;
    if (free >= needed) return { idleCpus, pendingJobs: ahead.length, expectedStart: Math.max(nowS, job.endTime), basis: 'running jobs ending' };
  }
  return { idleCpus, pendingJobs: ahead.length, expectedStart: null, basis: 'unknown' };
}

/** Asks the cluster about its partitions, nodes and jobs (three requests) and estimates this job's start. */
export async function clusterLoad(api: ClusterApi, requestedPartition: string | null, needCpus: number, nowS = Math.floor(Date.now() / 1000)): Promise<ClusterLoad> {
  const [partitions, nodes, jobs] = await Promise.all([api.partitions(), api.nodes(), api.jobs()]);
  const partition = partitionFor(requestedPartition, partitions);
  const state = partitions.find((p) => p.name === partition)?.state ?? null;
  return { partition, partitionState: state, ...estimateStart(needCpus, nodes, jobs, partition, nowS), nodes, jobs };
}
