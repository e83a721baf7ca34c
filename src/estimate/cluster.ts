import type { ClusterFigures } from '../mapping/config/types.js';
import type { NodeNeeds } from '../model/schema.js';
import type { Concurrency } from './schedule.js';
import type { Runtime, RuntimeBasis } from './runtime.js';

/** The same job on the site's own cluster, for one runtime. */
export interface ClusterRun {
  basis: RuntimeBasis;
  runtimeMinutes: number;
  /** CPUs per node × nodes × hours × tasks. */
  coreHours: number;
  /** GPUs per node × nodes × hours × tasks. */
  gpuHours: number;
  /** core-hours × core_hour_price + GPU-hours × gpu_hour_price; null when a price it needs is missing. */
  internalUsd: number | null;
  /** queue_wait + waves × runtime; null without queue_wait. */
  wallMinutes: number | null;
  /** The cloud's wall time for the same runtime. */
  cloudWallMinutes: number;
  /** Cluster wall time − cloud wall time: negative when the cloud is slower. Null without queue_wait. */
  timeSavedMinutes: number | null;
}

export interface ClusterComparison {
  name: string | null;
  queueWaitMinutes: number | null;
  /** `mapping.yaml` for the configured figure, else where the live one came from (`cluster hpc: running jobs ending`). */
  queueWaitSource: string | null;
  coreHourPriceUsd: number | null;
  gpuHourPriceUsd: number | null;
  coresPerTask: number;
  gpusPerTask: number;
  /** Internal price of one hour of one task; null when a price it needs is missing. */
  internalUsdPerTaskHour: number | null;
  runs: ClusterRun[];
  /** mapping.yaml keys to set for the figures that are missing. */
  missingKeys: string[];
  assumptions: string[];
}

const ASSUMPTIONS = [
  'the cluster runs as many tasks at once as the cloud (same concurrency) and waits once for the queue',
  'the cluster charges the CPUs and GPUs the job asks for (a whole-node job may be charged for every core of the node)',
];

function missingKeys(cluster: ClusterFigures, gpusPerTask: number): string[] {
  const keys: string[] = [];
  if (cluster.queue_wait === undefined) keys.push('cluster.queue_wait');
  if (cluster.core_hour_price === undefined) keys.push('cluster.core_hour_price');
  if (gpusPerTask > 0 && cluster.gpu_hour_price === undefined) keys.push('cluster.gpu_hour_price');
  return keys;
}

function internalPerTaskHour(cluster: ClusterFigures, cores: number, gpus: number): number | null {
  if (cluster.core_hour_price === undefined) return null;
  if (gpus > 0 && cluster.gpu_hour_price === undefined) return null;
  return cores * cluster.core_hour_price + gpus * (cluster.gpu_hour_price ?? 0);
}

/** `cloudWall` gives the cloud's wall time for a runtime (see schedule.ts). */
export function compareWithCluster(
  cluster: ClusterFigures,
  needs: NodeNeeds,
  schedule: Concurrency,
  runtimes: readonly Runtime[],
  cloudWall: (runtime: Runtime) => number,
): ClusterComparison {
  const coresPerTask = needs.cpusPerNode * needs.nodes;
  const gpusPerTask = needs.gpusPerNode * needs.nodes;
  const perTaskHour = internalPerTaskHour(cluster, coresPerTask, gpusPerTask);
  const runs = runtimes.map((runtime): ClusterRun => {
    const taskHours = (runtime.minutes / 60) * schedule.tasks;
    const wallMinutes = cluster.queue_wait === undefined ? null : cluster.queue_wait + schedule.waves * runtime.minutes;
    const cloudWallMinutes = cloudWall(runtime);
    return {
      basis: runtime.basis,
      runtimeMinutes: runtime.minutes,
      coreHours: coresPerTask * taskHours,
      gpuHours: gpusPerTask * taskHours,
      internalUsd: perTaskHour === null ? null : perTaskHour * taskHours,
      wallMinutes,
      cloudWallMinutes,
      timeSavedMinutes: wallMinutes === null ? null : wallMinutes - cloudWallMinutes,
    };
  });
  return {
    name: cluster.name ?? null,
    queueWaitMinutes: cluster.queue_wait ?? null,
    queueWaitSource: cluster.queue_wait === undefined ? null : (cluster.queue_wait_source ?? 'mapping.yaml'),
    coreHourPriceUsd: cluster.core_hour_price ?? null,
    gpuHourPriceUsd: cluster.gpu_hour_price ?? null,
    coresPerTask,
    gpusPerTask,
    internalUsdPerTaskHour: perTaskHour,
    runs,
    missingKeys: missingKeys(cluster, gpusPerTask),
    assumptions: ASSUMPTIONS,
  };
}
