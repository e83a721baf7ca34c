import { UsageError } from '../../core/errors.js';
import { jobRows, type JobRow } from '../../store/job-rows.js';
import { formatSacct } from '../format/sacct-format.js';
import { commaList, jobSelectors, stateNames } from '../job-filters.js';
import { asShown, openJobSources, shownId } from '../job-sources.js';
import { loadView } from '../local-jobs.js';

/** sacct's -S/-E: `2026-12-01`, `2026-12-01T10:00[:00]`, `now`, `now-2days`, `now-3hours`. */
export function parseSacctTime(text: string, now = new Date()): number {
  const relative = /^now(?:([-+])(\d+)(seconds?|minutes?|hours?|days?|weeks?)?)?$/i.exec(text);
  if (relative) {
    const unit = (relative[3] ?? 'seconds').toLowerCase().replace(/s$/, '');
    const factor = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 }[unit] ?? 1;
    const delta = Number(relative[2] ?? 0) * factor * 1000;
    return now.getTime() + (relative[1] === '-' ? -delta : delta);
  }
  const absolute = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!absolute) throw new UsageError(`invalid time "${text}"`, 'use YYYY-MM-DD[THH:MM[:SS]] or now[-N{minutes,hours,days}]');
  const [, y, mo, d, h, mi, s] = absolute.map(Number) as number[];
  return new Date(y as number, (mo as number) - 1, d, h || 0, mi || 0, s || 0).getTime();
}

/**
 * sacct: every job of the store, one line per task (pending tasks of an array folded), with state,
 * exit code `N:S`, elapsed time, start, end and MaxRSS where known. Without -j, from midnight today
 * unless -S says otherwise, as sacct does.
 */
export async function runHistory(opts: Record<string, unknown>): Promise<number> {
  const selectors = jobSelectors(opts.jobs);
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const since = typeof opts.starttime === 'string' ? parseSacctTime(opts.starttime) : selectors ? null : midnight.getTime();
  const until = typeof opts.endtime === 'string' ? parseSacctTime(opts.endtime) : null;
  const stateList = commaList(opts.state);
  const states = stateList ? stateNames(stateList) : null;
  const names = commaList(opts.name);
  const rows: JobRow[] = [];
  for (const source of await openJobSources(typeof opts.cluster === 'string' ? opts.cluster : undefined))
    for (const id of source.store.jobIds()) {
      const shown = shownId(source, id);
      const selector = selectors?.find((s) => s.id === shown);
      if (selectors && !selector) continue;
      const view = loadView(source.store, id);
      if (!view) continue;
      if (names && !names.includes(view.record.job.name)) continue;
      for (const row of asShown(jobRows(view, source.reasons), id, shown)) {
        // sacct's window: a job counts when it was eligible or running at some point within it.
        const end = row.endTime ? Date.parse(row.endTime) : Date.now();
        const start = Date.parse(row.startTime ?? row.submitTime);
        if (since !== null && end < since) continue;
        if (until !== null && start > until) continue;
        if (states && !states.has(row.state)) continue;
        if (selector?.arrayTaskIds && (row.arrayTaskId === null || !selector.arrayTaskIds.includes(row.arrayTaskId))) continue;
        rows.push(row);
      }
    }
  // Each job's rows together, tasks in index order: the two parts of a split array come from two stores.
  rows.sort((a, b) => a.arrayJobId - b.arrayJobId || (a.arrayTaskId ?? -1) - (b.arrayTaskId ?? -1));
  if (opts.json) process.stdout.write(`${JSON.stringify({ version: 1, jobs: rows }, null, 2)}\n`);
  else process.stdout.write(formatSacct(rows, opts.noheader === true));
  return 0;
}
