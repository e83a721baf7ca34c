import type { BurstSettings } from '../../mapping/config/types.js';
import type { JobSpec } from '../../model/schema.js';
import { type ClusterLoad, estimateStart } from './cluster-load.js';

export interface ArraySplitPlan {
  /** Tasks (the first, in index order) the cluster starts now. */
  head: number;
  /** When the cluster would start the next one (epoch seconds), or null when it cannot say. */
  nextStart: number | null;
}

/**
 * Whether an array should run partly on the cluster: the tasks its free CPUs start now there, the rest
 * elsewhere, when the cluster would start the next task later than `start_after`. Null: do not split
 * (not an array, several nodes or components per task, jobs waiting ahead, no room now, room for all).
 */
export function planArraySplit(job: JobSpec, load: ClusterLoad, policy: BurstSettings, nowS: number): ArraySplitPlan | null {
  const array = job.array;
  const needs = job.components[0]?.needs;
  if (!array || !needs || job.components.length > 1 || needs.nodes > 1 || policy.start_after === undefined || load.pendingJobs > 0) return null;
  const perTask = needs.cpusPerNode;
  const head = Math.floor(load.idleCpus / perTask);
  // A throttled array the cluster can run at its full %N now stays there: splitting would not make it go faster.
  if (head <= 0 || head >= array.count || (array.maxRunning !== null && head >= array.maxRunning)) return null;
  const next = estimateStart(perTask * (head + 1), load.nodes, load.jobs, load.partition, nowS).expectedStart;
  if (next !== null && next <= nowS + policy.start_after * 60) return null;
  return { head, nextStart: next };
}
