import { userInfo } from 'node:os';
import { InputError, UsageError } from '../../core/errors.js';
import { sendRequest } from '../../launch/local/requests.js';
import type { JobView } from '../../store/job-view.js';
import { awaitRequests } from '../await-requests.js';
import { specHolds } from '../../launch/burst/split-links.js';
import { connect } from '../../launch/slurm/connection.js';
import { findJob, openJobSources, type JobSource } from '../job-sources.js';
import { loadView, parseJobSelector } from '../local-jobs.js';

const SIGNAL = /^(SIG)?[A-Z0-9+-]+$/;

function signalName(value: unknown): string | null {
  if (value === undefined) return null;
  const text = String(value).toUpperCase();
  if (/^\d+$/.test(text)) return text;
  if (!SIGNAL.test(text)) throw new UsageError(`invalid signal "${String(value)}"`, 'give a name (USR1, TERM, SIGKILL) or a number');
  return text.startsWith('SIG') ? text : `SIG${text}`;
}

/** scancel: ids (N, N_M, N_[M-K], a task's own id), or every job matching --name/--user/--state. */
export async function runCancel(ids: string[], opts: Record<string, unknown>): Promise<number> {
  const sources = await openJobSources(typeof opts.cluster === 'string' ? opts.cluster : undefined);
  const signal = signalName(opts.signal);
  const numeric = signal !== null && /^\d+$/.test(signal) ? Number(signal) : null;
  const targets: Target[] = [];
  for (const text of ids) {
    const selector = parseJobSelector(text);
    if (!selector) throw new UsageError(`invalid job id "${text}"`, 'give N, N_M or N_[M-K]');
    const found = findJob(sources, selector, text);
    if (!found) throw new InputError(`scancel: error: Kill job error on job id ${text}: Invalid job id specified`);
    if (found.resolved.view.ended) throw new InputError(`scancel: error: Kill job error on job id ${text}: Job/step already completing or completed`);
    targets.push({ source: found.source, ...found.resolved });
  }
  if (ids.length === 0) {
    if (opts.name === undefined && opts.user === undefined && opts.state === undefined) throw new UsageError('name the jobs to cancel: ids, --name, --user or --state');
    for (const source of sources) {
      for (const id of source.store.activeJobIds()) {
        const view = loadView(source.store, id);
        if (!view || view.ended) continue;
        if (opts.name !== undefined && view.record.job.name !== opts.name) continue;
        if (opts.user !== undefined && view.record.user !== opts.user) continue;
        targets.push({ source, view, arrayTaskIds: null });
      }
    }
  }
  const states = typeof opts.state === 'string' ? opts.state.toUpperCase().split(',') : null;
  const requests: string[] = [];
  const chosen: Target[] = [];
  const clusterParts: ClusterPart[] = [];
  const ec2Targets: Target[] = [];
  for (const target of targets) {
    const { view } = target;
    if (states) {
      const running = [...view.tasks.values()].some((t) => t.state === 'RUNNING');
      const matches = states.includes('RUNNING') || states.includes('R') ? running : (states.includes('PENDING') || states.includes('PD')) && !running;
      if (!matches) continue;
    }
    if (opts.user !== undefined && opts.user !== userInfo().username && view.record.user !== opts.user) continue;
    chosen.push(target);
    const onEc2 = target.view.record.ec2 !== undefined;
    if (target.source.cluster !== null && !onEc2) continue;
    let here = target.arrayTaskIds;
    const split = view.record.placement?.split;
    if (split) {
      // A split array: the tasks that run on the cluster are cancelled there, the others here.
      const there = here === null ? null : here.filter((index) => specHolds(split.indices, index));
      if (there === null || there.length > 0) clusterParts.push({ cluster: split.cluster, jobId: split.jobId, arrayTaskIds: there });
      here = here === null ? null : here.filter((index) => !specHolds(split.indices, index));
      if (here !== null && here.length === 0) continue;
    }
    if (onEc2) {
      ec2Targets.push({ ...target, arrayTaskIds: here });
      continue;
    }
    requests.push(
      sendRequest(target.source.store.requestDir, {
        op: 'cancel',
        jobId: view.record.id,
        arrayTaskIds: here,
        signal: numeric !== null ? String(numeric) : signal,
        batchOnly: opts.batch === true,
      }),
    );
  }
  await cancelOnClusters(
    chosen.filter((t) => t.source.cluster !== null && t.view.record.ec2 === undefined),
    signal,
    opts.batch === true,
  );
  await cancelClusterParts(sources, clusterParts, signal);
  await cancelOnEc2(ec2Targets, signal, opts.batch === true);
  const local = sources.find((s) => s.cluster === null);
  if (local) await awaitRequests(local.store, requests);
  if (opts.json) process.stdout.write(`${JSON.stringify({ requested: chosen.map((t) => ({ jobId: t.view.record.id, arrayTaskIds: t.arrayTaskIds, cluster: t.source.cluster })) })}\n`);
  return 0;
}

interface Target {
  source: JobSource;
  view: JobView;
  arrayTaskIds: number[] | null;
}

interface ClusterPart {
  cluster: string;
  jobId: number;
  arrayTaskIds: number[] | null;
}

/** The cluster halves of split arrays, as their own cluster's jobs. */
async function cancelClusterParts(sources: readonly JobSource[], parts: readonly ClusterPart[], signal: string | null): Promise<void> {
  const targets: Target[] = [];
  for (const part of parts) {
    const source = sources.find((s) => s.cluster === part.cluster);
    const view = source ? loadView(source.store, part.jobId) : null;
    if (source && view && !view.ended) targets.push({ source, view, arrayTaskIds: part.arrayTaskIds });
  }
  await cancelOnClusters(targets, signal, false);
}

/** scancel for EC2 jobs: their instances terminated by tag, or tasks not yet claimed cancelled. */
async function cancelOnEc2(targets: readonly Target[], signal: string | null, batchOnly: boolean): Promise<void> {
  if (targets.length > 0 && (signal !== null || batchOnly)) throw new UsageError('--signal and --batch are not available for EC2 jobs', 'cancel the job (its instances are terminated)');
  for (const { source, view, arrayTaskIds } of targets) {
    const ref = view.record.ec2;
    if (!ref) continue;
    const { openJobClients } = await import('../../launch/ec2/tracking/job-clients.js');
    const { cancelEc2Job } = await import('../../launch/ec2/tracking/cancel-job.js');
    const clients = await openJobClients(ref);
    try {
      await cancelEc2Job(source.store, view.record, arrayTaskIds, clients);
    } finally {
      clients.close();
    }
  }
}

/** scancel through each cluster's slurmrestd: one request per job or named task. */
async function cancelOnClusters(targets: readonly Target[], signal: string | null, batchOnly: boolean): Promise<void> {
  if (targets.length > 0 && batchOnly) throw new UsageError('--batch is not available for jobs on a Slurm cluster through slurmrestd', 'run scancel -b on the cluster');
  for (const { source, view, arrayTaskIds } of targets) {
    const record = view.record;
    if (!record.cluster) continue;
    const api = await connect(record.cluster, source.store.root);
    const names = arrayTaskIds === null ? [String(record.id)] : arrayTaskIds.map((task) => `${record.id}_${task}`);
    for (const name of names) await api.signal(name, signal);
  }
}
