import type { JobRecord } from '../../store/job-record.js';
import type { JobStore } from '../../store/store.js';
import { triggerDispatch } from '../../events/dispatch/trigger.js';
import { knownClusters, openClusterStore } from './cluster-store.js';
import type { ClusterApi } from './cluster-api.js';
import { observeForgotten, observeJob, pendingReason } from './observe.js';
import { connect } from './connection.js';
import type { RemoteJob } from './remote-job.js';

/** One cluster's store after asking the cluster about its live jobs. */
export interface RefreshedCluster {
  name: string;
  store: JobStore;
  /** Why each pending job waits, as the controller says. */
  reasons: Record<string, string>;
  /** Set when the cluster could not be asked: its jobs show as last seen. */
  unreachable: string | null;
}

/** The controller's records of one job: an array's tasks and remainder, or the job itself. */
function recordsOf(all: readonly RemoteJob[], id: number): RemoteJob[] {
  return all.filter((j) => j.jobId === id || j.arrayJobId === id);
}

/**
 * A live job missing from the controller's list: asked for by id to be sure, then looked up in the
 * accounting database where there is one; with neither, it ends UNKNOWN.
 */
async function forgotten(api: ClusterApi, store: JobStore, record: JobRecord): Promise<RemoteJob[]> {
  const again = await api.job(record.id);
  if (again.length > 0) return again;
  const accounted = (await api.accounting?.(record.id)) ?? null;
  if (accounted && accounted.length > 0) return accounted;
  observeForgotten(store, record);
  return [];
}

/**
 * Brings one cluster's store up to date: one job listing per cluster, whatever the number of live
 * jobs; each live job's new transitions become events.
 */
async function refreshCluster(stateDir: string, name: string, env: NodeJS.ProcessEnv): Promise<RefreshedCluster> {
  const store = openClusterStore(stateDir, name);
  const reasons: Record<string, string> = {};
  const live = store
    .activeJobIds()
    .map((id) => store.readRecord(id))
    .filter((r): r is JobRecord => r?.cluster !== undefined);
  const first = live[0];
  if (!first?.cluster) return { name, store, reasons, unreachable: null };
  try {
    const api = await connect(first.cluster, store.root, env);
    const all = await api.jobs();
    for (const record of live) {
      let remote = recordsOf(all, record.id);
      if (remote.length === 0) remote = await forgotten(api, store, record);
      observeJob(store, record, remote);
      const reason = pendingReason(record, remote);
      if (reason) reasons[record.id] = reason;
    }
    return { name, store, reasons, unreachable: null };
  } catch (error) {
    return { name, store, reasons, unreachable: error instanceof Error ? error.message : String(error) };
  }
}

/** Every cluster jobs were submitted to, refreshed (in parallel). */
export async function refreshClusters(stateDir: string, env: NodeJS.ProcessEnv = process.env): Promise<RefreshedCluster[]> {
  const refreshed = await Promise.all(knownClusters(stateDir).map((name) => refreshCluster(stateDir, name, env)));
  if (refreshed.length > 0) triggerDispatch(stateDir);
  return refreshed;
}
