import { InputError } from '../../core/errors.js';
import { sendRequest } from '../../launch/local/requests.js';
import { connect } from '../../launch/slurm/connection.js';
import { awaitRequests } from '../await-requests.js';
import { findJob, openJobSources } from '../job-sources.js';
import { parseJobSelector } from '../local-jobs.js';

/** scontrol hold / release: a held job keeps its place but does not start until released. */
export async function runHoldOrRelease(op: 'hold' | 'release', ids: string[], opts: Record<string, unknown> = {}): Promise<number> {
  const sources = await openJobSources(typeof opts.cluster === 'string' ? opts.cluster : undefined);
  const requests: string[] = [];
  for (const text of ids) {
    const selector = parseJobSelector(text);
    const found = selector && findJob(sources, selector, text);
    if (!found) throw new InputError(`Invalid job id specified: ${text}`, 'see spawn-slurm queue for the jobs there are');
    const { view } = found.resolved;
    if (view.ended) throw new InputError(`job ${text} has already ended`);
    if (view.record.ec2)
      throw new InputError(`job ${text} runs on EC2, whose instances start as soon as they are launched: it cannot be held`, `cancel it: spawn-slurm cancel ${view.record.id}`);
    const cluster = view.record.cluster;
    if (cluster) {
      await (await connect(cluster, found.source.store.root)).hold(view.record.id, op === 'hold');
      continue;
    }
    requests.push(sendRequest(found.source.store.requestDir, { op, jobId: view.record.id }));
    // A split array is held or released in both its parts.
    const split = view.record.placement?.split;
    const part = split && sources.find((s) => s.cluster === split.cluster);
    const partRecord = part ? part.store.readRecord(split.jobId) : null;
    if (part && partRecord?.cluster) await (await connect(partRecord.cluster, part.store.root)).hold(partRecord.id, op === 'hold');
  }
  const local = sources.find((s) => s.cluster === null);
  if (local) await awaitRequests(local.store, requests);
  return 0;
}
