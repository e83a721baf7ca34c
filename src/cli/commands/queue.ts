import { userInfo } from 'node:os';
import { UsageError } from '../../core/errors.js';
import { jobRows, type JobRow } from '../../store/job-rows.js';
import { DEFAULT_SQUEUE_FORMAT, formatSqueue, parseSqueueFormat } from '../format/squeue-format.js';
import { commaList, jobSelectors, stateNames } from '../job-filters.js';
import { asShown, openJobSources, shownId } from '../job-sources.js';
import { liveView, loadView } from '../local-jobs.js';

/** squeue keeps finished jobs visible this long (Slurm's MinJobAge default). */
const MIN_JOB_AGE_MS = 300_000;

/** -t: state names or codes, or `all`. */
function stateFilter(value: unknown): Set<string> | 'all' | null {
  const names = commaList(value);
  if (!names) return null;
  return names.some((n) => n.toLowerCase() === 'all') ? 'all' : stateNames(names);
}

export async function runQueue(opts: Record<string, unknown>): Promise<number> {
  const pieces = parseSqueueFormat(typeof opts.format === 'string' ? opts.format : DEFAULT_SQUEUE_FORMAT);
  if ('error' in pieces) throw new UsageError(pieces.error);
  const states = stateFilter(opts.states);
  const users = opts.me ? [userInfo().username] : commaList(opts.user);
  const names = commaList(opts.name);
  const selectors = jobSelectors(opts.jobs);
  const now = Date.now();
  const rows: JobRow[] = [];
  for (const source of await openJobSources(typeof opts.cluster === 'string' ? opts.cluster : undefined)) {
    const { store, reasons, snapshot } = source;
    // Live jobs, and with -t asking for finished states, those that ended within MinJobAge.
    const ids = states === null ? store.activeJobIds() : store.jobIds();
    for (const id of ids) {
      const shown = shownId(source, id);
      if (selectors && !selectors.some((s) => s.id === shown)) continue;
      // Pending and running jobs come from the supervisor's snapshot; finished tasks need the event log.
      const view = states === null ? liveView(store, id, snapshot) : loadView(store, id);
      if (!view) continue;
      if (view.ended && (states === null || now - Date.parse(view.ended.endTime ?? '') > MIN_JOB_AGE_MS)) continue;
      if (users && !users.includes(view.record.user)) continue;
      if (names && !names.includes(view.record.job.name)) continue;
      for (const row of asShown(jobRows(view, reasons, now), id, shown)) {
        if (states === null ? row.state !== 'PENDING' && row.state !== 'RUNNING' : states !== 'all' && !states.has(row.state)) continue;
        const selector = selectors?.find((s) => s.id === shown);
        if (selector?.arrayTaskIds && (row.arrayTaskId === null || !selector.arrayTaskIds.includes(row.arrayTaskId))) continue;
        rows.push(row);
      }
    }
  }
  // squeue lists pending before running, each by job id.
  rows.sort((a, b) => Number(b.state === 'PENDING') - Number(a.state === 'PENDING') || a.arrayJobId - b.arrayJobId || (a.arrayTaskId ?? -1) - (b.arrayTaskId ?? -1));
  if (opts.json) process.stdout.write(`${JSON.stringify({ version: 1, jobs: rows }, null, 2)}\n`);
  else process.stdout.write(formatSqueue(rows, pieces, opts.noheader === true));
  return 0;
}
