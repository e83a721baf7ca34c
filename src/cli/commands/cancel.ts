import { userInfo } from 'node:os';
import { InputError, UsageError } from '../../core/errors.js';
import { sendRequest } from '../../launch/local/requests.js';
import type { JobView } from '../../store/job-view.js';
import { awaitRequests } from '../await-requests.js';
import { loadView, openStore, parseJobSelector, resolveSelector } from '../local-jobs.js';

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
  const store = openStore();
  const signal = signalName(opts.signal);
  const numeric = signal !== null && /^\d+$/.test(signal) ? Number(signal) : null;
  const targets: { view: JobView; arrayTaskIds: number[] | null }[] = [];
  for (const text of ids) {
    const selector = parseJobSelector(text);
    if (!selector) throw new UsageError(`invalid job id "${text}"`, 'give N, N_M or N_[M-K]');
    const resolved = resolveSelector(store, selector);
    if (!resolved) throw new InputError(`scancel: error: Kill job error on job id ${text}: Invalid job id specified`);
    if (resolved.view.ended) throw new InputError(`scancel: error: Kill job error on job id ${text}: Job/step already completing or completed`);
    targets.push(resolved);
  }
  if (ids.length === 0) {
    if (opts.name === undefined && opts.user === undefined && opts.state === undefined) throw new UsageError('name the jobs to cancel: ids, --name, --user or --state');
    for (const id of store.activeJobIds()) {
      const view = loadView(store, id);
      if (!view || view.ended) continue;
      if (opts.name !== undefined && view.record.job.name !== opts.name) continue;
      if (opts.user !== undefined && view.record.user !== opts.user) continue;
      targets.push({ view, arrayTaskIds: null });
    }
  }
  const states = typeof opts.state === 'string' ? opts.state.toUpperCase().split(',') : null;
  const requests: string[] = [];
  for (const { view, arrayTaskIds } of targets) {
    if (states) {
      const running = [...view.tasks.values()].some((t) => t.state === 'RUNNING');
      const matches = states.includes('RUNNING') || states.includes('R') ? running : (states.includes('PENDING') || states.includes('PD')) && !running;
      if (!matches) continue;
    }
    if (opts.user !== undefined && opts.user !== userInfo().username && view.record.user !== opts.user) continue;
    requests.push(
      sendRequest(store.requestDir, {
        op: 'cancel',
        jobId: view.record.id,
        arrayTaskIds,
        signal: numeric !== null ? String(numeric) : signal,
        batchOnly: opts.batch === true,
      }),
    );
  }
  await awaitRequests(store, requests);
  if (opts.json) process.stdout.write(`${JSON.stringify({ requested: targets.map((t) => ({ jobId: t.view.record.id, arrayTaskIds: t.arrayTaskIds })) })}\n`);
  return 0;
}
