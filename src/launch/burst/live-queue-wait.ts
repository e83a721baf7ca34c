import type { JobSpec } from '../../model/schema.js';
import type { ClusterTarget } from '../../store/cluster-ref.js';
import { clusterStoreRoot } from '../slurm/cluster-store.js';
import { connect } from '../slurm/connection.js';
import { clusterLoad } from './cluster-load.js';

export type LiveQueueWait = { minutes: number; source: string } | { unreachable: string };

/** How long the cluster would keep this job waiting now, by the same estimate `--backend auto` uses. */
export async function liveQueueWait(target: ClusterTarget, stateDir: string, job: JobSpec): Promise<LiveQueueWait> {
  try {
    const api = await connect(target, clusterStoreRoot(stateDir, target.name));
    const nowS = Math.floor(Date.now() / 1000);
    const load = await clusterLoad(api, job.partition, job.components[0]?.needs.cpusPerNode ?? 1, nowS);
    if (load.expectedStart === null) return { unreachable: `partition ${load.partition} cannot say when the job would start (no time limits to go by)` };
    return { minutes: Math.max(0, Math.ceil((load.expectedStart - nowS) / 60)), source: `cluster ${target.name}: ${load.basis}` };
  } catch (error) {
    return { unreachable: error instanceof Error ? error.message : String(error) };
  }
}
