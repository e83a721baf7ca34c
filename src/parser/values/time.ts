import type { ValueContext } from './context.js';
import { equalsIgnoringCase, scanCInteger, scanfInts } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

/** A duration as Slurm stores it: whole minutes (time limits) or seconds, or no limit. */
export type Duration = 'unlimited' | number;

export type DurationOption = 'time' | 'time-min';
export type SecondsOption = 'delay-boot' | 'switches';

/** Slurm's INFINITE and NO_VAL seen through the `int` that time_str2secs returns. */
const INFINITE_INT = -1;
const NO_VAL_INT = -2;

const UNLIMITED_KEYWORDS = ['-1', 'INFINITE', 'UNLIMITED'];

/**
 * The character rules time_str2secs applies before converting (`_is_valid_timespec`): digits,
 * at most one `-` and two `:`, no `-` after a `:`, and enough digit groups for the separators.
 */
function isValidTimespec(text: string): boolean {
  let groups = 0;
  let dashes = 0;
  let colons = 0;
  let inDigits = false;
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') {
      if (!inDigits) groups++;
      inDigits = true;
    } else if (ch === '-') {
      inDigits = false;
      dashes++;
      if (colons) return false;
    } else if (ch === ':') {
      inDigits = false;
      colons++;
    } else {
      return false;
    }
  }
  if (!groups || dashes > 1 || colons > 2) return false;
  const neededGroups = colons === 0 ? 1 : colons + (dashes ? 2 : 1);
  return groups >= neededGroups;
}

interface ConvertedTime {
  /** What time_str2secs returns: int seconds, with INFINITE_INT and NO_VAL_INT in band. */
  seconds: number;
  /** The same computation without C's 32-bit truncation, to tell when Slurm's number is garbage. */
  exactSeconds: bigint;
}

/** time_str2secs of parse_time.c, including its sscanf truncation and 32-bit wrap-around. */
function timeStringToSeconds(text: string): ConvertedTime {
  if (text === '') return { seconds: NO_VAL_INT, exactSeconds: 0n };
  if (UNLIMITED_KEYWORDS.some((k) => equalsIgnoringCase(text, k))) return { seconds: INFINITE_INT, exactSeconds: 0n };
  if (!isValidTimespec(text)) return { seconds: NO_VAL_INT, exactSeconds: 0n };

  const weights = text.includes('-') ? daysForm(text) : hoursOrMinutesForm(text);
  let seconds = 0;
  let exactSeconds = 0n;
  for (const { value, exact, unit } of weights) {
    seconds = (seconds + Math.imul(value, unit)) | 0;
    exactSeconds += exact * BigInt(unit);
  }
  return { seconds, exactSeconds };
}

interface TimeField {
  value: number;
  exact: bigint;
  unit: number;
}

/** `days-hours[:minutes[:seconds]]`, missing parts 0. */
function daysForm(text: string): TimeField[] {
  return withExactValues(text, scanfInts(text, ['-', ':', ':']), [86400, 3600, 60, 1]);
}

/** `hours:minutes:seconds`, or `minutes[:seconds]`. */
function hoursOrMinutesForm(text: string): TimeField[] {
  const values = scanfInts(text, [':', ':']);
  return withExactValues(text, values, values.length === 3 ? [3600, 60, 1] : [60, 1]);
}

function withExactValues(text: string, values: number[], units: number[]): TimeField[] {
  const exacts = exactFieldValues(text);
  return values.map((value, i) => ({ value, exact: exacts[i] ?? 0n, unit: units[i] ?? 0 }));
}

/** The numbers of a validated time string at full precision (only a leading `-` can be a sign). */
function exactFieldValues(text: string): bigint[] {
  const values: bigint[] = [];
  let position = 0;
  while (position < text.length) {
    const scan = scanCInteger(text, position);
    if (!scan.digits) break;
    values.push(BigInt(text.slice(position, scan.end)));
    position = scan.end + 1;
  }
  return values;
}

/** time_str2mins: seconds rounded up to minutes, in the same 32-bit `int`. */
function secondsToMinutes(seconds: number): number {
  if (seconds === INFINITE_INT || seconds === NO_VAL_INT) return seconds;
  return Math.trunc(((seconds + 59) | 0) / 60);
}

function ceilMinutes(seconds: bigint): bigint {
  return seconds <= 0n ? 0n : (seconds + 59n) / 60n;
}

/**
 * `--time`/`--time-min` (arg_set_time_limit): whole minutes as Slurm stores them, `unlimited` for
 * `-1`, `INFINITE`, `UNLIMITED` and any value that rounds to 0 minutes.
 */
export function parseDuration(value: string | undefined, _ctx: ValueContext, option: DurationOption = 'time'): Parsed<Duration> {
  const text = value ?? '';
  const converted = timeStringToSeconds(text);
  const minutes = secondsToMinutes(converted.seconds);
  if (minutes === NO_VAL_INT) {
    return fail(
      refusal(
        'invalid-time',
        `sbatch refuses --${option}=${text}: "Invalid --${option} specification".`,
        'Use minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (for example 30, 2:00:00 or 1-12:00:00), or UNLIMITED.',
      ),
    );
  }
  const stored: Duration = minutes === 0 || minutes === INFINITE_INT ? 'unlimited' : minutes >>> 0;
  const notes: ValueProblem[] = [];
  const isKeyword = converted.seconds === INFINITE_INT && converted.exactSeconds === 0n;
  const exactMinutes = ceilMinutes(converted.exactSeconds);
  const garbage = !isKeyword && (converted.exactSeconds < 0n || (stored === 'unlimited' ? exactMinutes !== 0n : BigInt(stored) !== exactMinutes));
  if (garbage) {
    notes.push(
      note(
        'bogus-time-limit',
        'error',
        `sbatch accepts --${option}=${text}, but the number wraps around in Slurm's 32-bit arithmetic: Slurm stores ${formatDuration(stored)}, which is not the limit you meant.`,
        'Give a positive time such as 30, 2:00:00 or 1-00:00:00.',
      ),
    );
  } else if (stored === 'unlimited' && option === 'time-min') {
    notes.push(note('time-min-unlimited', 'warning', `--time-min=${text} means UNLIMITED; Slurm refuses the job ("Invalid time-min specification") unless --time is UNLIMITED too.`));
  } else if (stored === 'unlimited' && !isKeyword) {
    notes.push(note('time-zero-unlimited', 'info', `--${option}=${text} is 0 minutes, which Slurm treats as no time limit (UNLIMITED).`));
  }
  return ok(stored, notes);
}

/**
 * `--delay-boot` and the `@max-wait` of `--switches` (time_str2secs): the same syntax as `--time`
 * but kept in seconds; 0 stays 0.
 */
export function parseDurationSeconds(value: string | undefined, option: SecondsOption = 'delay-boot'): Parsed<Duration> {
  const text = value ?? '';
  const converted = timeStringToSeconds(text);
  if (converted.seconds === NO_VAL_INT) {
    return fail(
      refusal('invalid-time', `sbatch refuses --${option}=${text}: "Invalid --${option} specification".`, 'Use minutes, MM:SS, HH:MM:SS or D-HH:MM:SS (for example 10 or 1:30:00).'),
    );
  }
  if (converted.seconds === INFINITE_INT) {
    const notes = converted.exactSeconds === 0n ? [] : [note('bogus-time-limit', 'error', `--${option}=${text} wraps around in Slurm's 32-bit arithmetic and becomes UNLIMITED.`)];
    return ok('unlimited', notes);
  }
  const stored = converted.seconds >>> 0;
  const notes =
    BigInt(stored) === converted.exactSeconds
      ? []
      : [
          note(
            'bogus-time-limit',
            'error',
            `sbatch accepts --${option}=${text}, but Slurm stores ${formatDurationSeconds(stored)}, which is not the duration you meant.`,
            'Give a positive duration such as 10 or 1:30:00.',
          ),
        ];
  return ok(stored, notes);
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

function daysAndClock(days: number, hours: number, minutes: number, seconds: number): string {
  const clock = `${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}`;
  return days ? `${days}-${clock}` : clock;
}

/** scontrol's form of a limit in minutes (mins2time_str): `00:30:00`, `1-12:00:00`, `UNLIMITED`. */
export function formatDuration(duration: Duration): string {
  if (duration === 'unlimited') return 'UNLIMITED';
  return daysAndClock(Math.floor(duration / 1440), Math.floor(duration / 60) % 24, duration % 60, 0);
}

/** scontrol's form of a duration in seconds (secs2time_str), e.g. `DelayBoot=00:10:00`. */
export function formatDurationSeconds(duration: Duration): string {
  if (duration === 'unlimited') return 'UNLIMITED';
  return daysAndClock(Math.floor(duration / 86400), Math.floor(duration / 3600) % 24, Math.floor(duration / 60) % 60, duration % 60);
}
