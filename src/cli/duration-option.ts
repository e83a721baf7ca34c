import { DEFAULT_SLURM_RELEASE } from '../parser/slurm-release.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../parser/values/context.js';
import { parseDuration } from '../parser/values/time.js';
import { UsageError } from '../core/errors.js';

const ACCEPTED_FORMS = 'give minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, as for #SBATCH --time (for example 90, 1:30:00 or 2-00)';

/** A finite duration in whole minutes, read the way sbatch reads --time; undefined when not given. */
export function durationMinutesFrom(value: unknown, flag: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  // The context only matters to other value parsers; a duration reads the same on every release.
  const parsed = parseDuration(text, { release: DEFAULT_SLURM_RELEASE, maxArraySize: DEFAULT_MAX_ARRAY_SIZE, arraySizeIsHardLimit: false, now: new Date(0) });
  if (!parsed.ok || parsed.notes.some((n) => n.severity === 'error')) {
    throw new UsageError(`${flag} "${text}" is not a duration`, ACCEPTED_FORMS);
  }
  if (parsed.value === 'unlimited') throw new UsageError(`${flag} "${text}" is not a finite duration (Slurm reads it as UNLIMITED)`, ACCEPTED_FORMS);
  return parsed.value;
}
