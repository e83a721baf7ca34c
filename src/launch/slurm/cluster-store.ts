import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JobStore } from '../../store/store.js';

/** Each cluster's jobs live in a store of their own, under the cluster's name, with the cluster's own job ids. */
export function clusterStoreRoot(stateDir: string, clusterName: string): string {
  return join(stateDir, 'clusters', clusterName);
}

export function openClusterStore(stateDir: string, clusterName: string): JobStore {
  return new JobStore(clusterStoreRoot(stateDir, clusterName));
}

/** The clusters jobs were ever submitted to from this state directory. */
export function knownClusters(stateDir: string): string[] {
  const dir = join(stateDir, 'clusters');
  return existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'jobs'))) : [];
}
