import { UsageError } from '../../core/errors.js';
import { jobRows, STATE_CODES, type JobRow } from '../../store/job-rows.js';
import { formatSacct } from '../format/sacct-format.js';
import { loadView, openStore, parseJobSelector, readReasons } from '../local-jobs.js';

const list = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;

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

function stateSet(value: unknown): Set<string> | null {
  const names = list(value)?.map((n) => n.toUpperCase());
  if (!names) return null;
  const states = new Set<string>();
  for (const name of names) {
    const state = Object.entries(STATE_CODES).find(([long, short]) => long === name || short === name || (name === 'CANCELED' && long === 'CANCELLED'))?.[0];
    if (!state) throw new UsageError(`unknown job state "${name}"`, `use ${Object.keys(STATE_CODES).join(', ')}`);
    states.add(state);
  }
  return states;
}

/**
 * sacct: every job of the store, one line per task (pending tasks of an array folded), with state,
 * exit code `N:S`, elapsed time, start, end and MaxRSS where known. Without -j, from midnight today
 * unless -S says otherwise, as sacct does.
 */
export async function runHistory(opts: Record<string, unknown>): Promise<number> {
  const store = openStore();
  const selectors = list(opts.jobs)?.map((text) => {
    const selector = parseJobSelector(text);
    if (!selector) throw new UsageError(`invalid job id "${text}"`, 'give N or N_M');
    return selector;
  });
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const since = typeof opts.starttime === 'string' ? parseSacctTime(opts.starttime) : selectors ? null : midnight.getTime();
  const until = typeof opts.endtime === 'string' ? parseSacctTime(opts.endtime) : null;
  const states = stateSet(opts.state);
  const names = list(opts.name);
  const reasons = readReasons(store);
  const rows: JobRow[] = [];
  for (const id of store.jobIds()) {
    const selector = selectors?.find((s) => s.id === id);
    if (selectors && !selector) continue;
    const view = loadView(store, id);
    if (!view) continue;
    if (names && !names.includes(view.record.job.name)) continue;
    for (const row of jobRows(view, reasons)) {
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
  if (opts.json) process.stdout.write(`${JSON.stringify({ version: 1, jobs: rows }, null, 2)}\n`);
  else process.stdout.write(formatSacct(rows, opts.noheader === true));
  return 0;
}
