import type { BurstSettings } from '../../mapping/config/types.js';
import type { ClusterLoad } from './cluster-load.js';

export interface BurstDecision {
  /** Stay on the cluster, or go to the burst backend. */
  stay: boolean;
  /** One line: what the cluster said and what follows. */
  reason: string;
}

function inWords(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

function clock(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Where `submit --backend auto` runs a job, from the burst policy and the cluster's load (or why it
 * could not be asked). The first criterion that says burst wins; with none, the job stays.
 */
export function decideBurst(policy: BurstSettings, cluster: string, to: string, load: ClusterLoad | { unreachable: string }, nowS: number): BurstDecision {
  const away = (why: string): BurstDecision => ({ stay: false, reason: `${why}: running it on ${to}` });
  const partitionDown = policy.partition_down ?? true;
  if ('unreachable' in load) {
    if (partitionDown) return away(`cluster ${cluster} cannot be asked (${load.unreachable})`);
    return { stay: true, reason: `cluster ${cluster} cannot be asked (${load.unreachable}), and partition_down is off: submitting there` };
  }
  const where = `partition ${load.partition || '(default)'} of cluster ${cluster}`;
  if (partitionDown && load.partitionState !== 'UP')
    return away(load.partitionState === null ? `cluster ${cluster} has no partition ${load.partition}` : `${where} is ${load.partitionState}`);
  if (policy.pending_over !== undefined && load.pendingJobs > policy.pending_over) return away(`${where} has ${load.pendingJobs} jobs waiting (pending_over: ${policy.pending_over})`);
  if (policy.start_after !== undefined) {
    const limit = nowS + policy.start_after * 60;
    if (load.expectedStart === null) {
      return { stay: true, reason: `${where} cannot say when the job would start (no time limits to go by): submitting there` };
    }
    if (load.expectedStart > limit) {
      return away(
        `${where} expects to start it at ${clock(load.expectedStart)} UTC, in ${inWords(load.expectedStart - nowS)} (start_after: ${inWords(policy.start_after * 60)}; ${load.basis})`,
      );
    }
  }
  const when = load.expectedStart === null ? 'when it can' : load.expectedStart <= nowS ? 'now' : `in ${inWords(load.expectedStart - nowS)}`;
  return { stay: true, reason: `${where} expects to start it ${when} (${load.basis}): submitting there` };
}
