import { InputError } from '../../core/errors.js';
import { sendRequest } from '../../launch/local/requests.js';
import { awaitRequests } from '../await-requests.js';
import { openStore, parseJobSelector, resolveSelector } from '../local-jobs.js';

/** scontrol hold / release: a held job keeps its place but does not start until released. */
export async function runHoldOrRelease(op: 'hold' | 'release', ids: string[]): Promise<number> {
  const store = openStore();
  const requests: string[] = [];
  for (const text of ids) {
    const selector = parseJobSelector(text);
    const resolved = selector && resolveSelector(store, selector);
    if (!resolved) throw new InputError(`Invalid job id specified: ${text}`, 'see spawn-slurm queue for the jobs there are');
    if (resolved.view.ended) throw new InputError(`job ${text} has already ended`);
    requests.push(sendRequest(store.requestDir, { op, jobId: resolved.view.record.id }));
  }
  await awaitRequests(store, requests);
  return 0;
}
