import { InputError } from '../core/errors.js';
import { partOf } from '../launch/burst/split-links.js';
import { EC2_SOURCE } from '../launch/ec2/ec2-store.js';
import { refreshEc2Jobs } from '../launch/ec2/tracking/refresh-jobs.js';
import { existingEc2Store } from '../launch/ec2/ec2-store.js';
import { refreshClusters } from '../launch/slurm/refresh.js';
import type { JobRow } from '../store/job-rows.js';
import { readQueueSnapshot, type QueueSnapshot } from '../store/queue-snapshot.js';
import { stateDirectory } from '../store/state-dir.js';
import type { JobStore } from '../store/store.js';
import { type JobSelector, openStore, readReasons, resolveSelector } from './local-jobs.js';

/** One place jobs are recorded: this machine's store, EC2's, or one cluster's. */
export interface JobSource {
  /** null for the local backend's store; `ec2` for EC2 jobs. */
  cluster: string | null;
  store: JobStore;
  /** Why pending jobs wait (the supervisor's or the controller's word). */
  reasons: Record<string, string>;
  snapshot: QueueSnapshot | null;
}

/**
 * The local store and every cluster's, the clusters' live jobs brought up to date first. `only`
 * (-M/--cluster) keeps one cluster, or `local`. A cluster that cannot be asked is said on stderr;
 * its jobs show as last seen.
 */
export async function openJobSources(only?: string): Promise<JobSource[]> {
  const sources: JobSource[] = [];
  if (only === undefined || only === 'local') {
    const store = openStore();
    sources.push({ cluster: null, store, reasons: readReasons(store), snapshot: readQueueSnapshot(store.root) });
  }
  if (only === 'local') return sources;
  if (only === undefined || only === EC2_SOURCE) {
    const { reasons } = await refreshEc2Jobs(stateDirectory(), (line) => process.stderr.write(`spawn-slurm: ${line}\n`));
    const store = existingEc2Store(stateDirectory());
    if (store) sources.push({ cluster: EC2_SOURCE, store, reasons, snapshot: null });
  }
  for (const cluster of await refreshClusters(stateDirectory())) {
    if (only !== undefined && cluster.name !== only) continue;
    if (cluster.name === EC2_SOURCE) continue;
    if (cluster.unreachable) process.stderr.write(`spawn-slurm: cluster ${cluster.name}: ${cluster.unreachable}; its jobs are shown as last seen\n`);
    sources.push({ cluster: cluster.name, store: cluster.store, reasons: cluster.reasons, snapshot: null });
  }
  if (only !== undefined && sources.length === 0) throw new InputError(`no jobs were ever submitted to cluster ${only}`, 'see --cluster in spawn-slurm submit --help');
  return sources;
}

/** The one source that holds the job a selector names; an id known to several needs --cluster. */
export function findJob(sources: readonly JobSource[], selector: JobSelector, text: string): { source: JobSource; resolved: NonNullable<ReturnType<typeof resolveSelector>> } | null {
  const found = sources.flatMap((source) => {
    const resolved = resolveSelector(source.store, selector);
    return resolved ? [{ source, resolved }] : [];
  });
  if (found.length > 1) {
    const where = found.map((f) => f.source.cluster ?? 'local').join(' and ');
    throw new InputError(`job ${text} exists on ${where}`, `say which with --cluster ${found.map((f) => f.source.cluster ?? 'local').join(' or --cluster ')}`);
  }
  return found[0] ?? null;
}

/**
 * The id the user knows a job by: its own, or for the cluster part of a split array the id of the job
 * it is part of (whose other tasks run here).
 */
export function shownId(source: JobSource, id: number): number {
  return source.cluster === null || source.cluster === EC2_SOURCE ? id : (partOf(source.store, id) ?? id);
}

/** A job's rows under the id the user knows it by. */
export function asShown(rows: JobRow[], id: number, shown: number): JobRow[] {
  if (shown === id) return rows;
  return rows.map((row) => ({ ...row, jobId: row.jobId.replace(/^\d+/, String(shown)), arrayJobId: shown }));
}
