import { UsageError } from '../core/errors.js';
import type { JobState } from '../store/events.js';
import { STATE_CODES } from '../store/job-rows.js';
import { type JobSelector, parseJobSelector } from './local-jobs.js';

/** An option's comma-separated list (`-j 4,5`), or null when the option is absent. */
export function commaList(value: unknown): string[] | null {
  if (typeof value !== 'string') return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `-t`/`--state`: state names or their codes (PENDING or PD, CANCELLED or CANCELED or CA), as squeue and sacct take them. */
export function stateNames(names: readonly string[]): Set<JobState> {
  const states = new Set<JobState>();
  for (const raw of names) {
    const name = raw.toUpperCase() === 'CANCELED' ? 'CANCELLED' : raw.toUpperCase();
    const state = (Object.entries(STATE_CODES) as [JobState, string][]).find(([long, short]) => long === name || short === name)?.[0];
    if (!state) throw new UsageError(`unknown job state "${raw}"`, `use ${Object.keys(STATE_CODES).join(', ')} or their codes (${Object.values(STATE_CODES).join(', ')})`);
    states.add(state);
  }
  return states;
}

/** `-j`: job ids, `N_M` for one array task. */
export function jobSelectors(value: unknown): JobSelector[] | null {
  return (
    commaList(value)?.map((text) => {
      const selector = parseJobSelector(text);
      if (!selector) throw new UsageError(`invalid job id "${text}"`, 'give N or N_M');
      return selector;
    }) ?? null
  );
}
