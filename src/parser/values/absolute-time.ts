import { releaseAtLeast, type SlurmRelease } from '../slurm-release.js';
import { isCDigit, isCSpace, LONG_MAX, scanCInteger, startsWithIgnoringCase } from './c-number.js';
import type { ValueContext } from './context.js';
import { fail, note, ok, refusal, type Parsed, type ValueProblem } from './result.js';

export interface AbsoluteTime {
  date: Date;
  /** The value depends on the submission time (`now+…`, `today`, a time without a date, …). */
  relative: boolean;
}

/**
 * sbatch reads `--begin`/`--deadline` in the local time zone of the machine it runs on (its TZ).
 * The zone is an explicit input here, so results never depend on the machine running the tool:
 * give an IANA `timeZone` (daylight saving applied as glibc's mktime does) or a fixed
 * `timeZoneOffsetMinutes` east of UTC. Without either the value is read in UTC.
 */
export interface AbsoluteTimeOptions {
  timeZone?: string;
  timeZoneOffsetMinutes?: number;
  /** Which option the value belongs to, for messages. */
  option?: 'begin' | 'deadline';
}

/** The largest time a Date holds, in milliseconds. */
const LATEST_DATE_MS = 8.64e15;

/** Broken-down local time; `month` is 0-based like struct tm. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

interface Zone {
  toWall(epochSeconds: number): WallTime;
  /** mktime(): normalises out-of-range fields (Feb 31 is Mar 3) and returns epoch seconds. */
  fromWall(wall: WallTime): number;
}

/** Epoch milliseconds of a wall time read as UTC, for any year (Date.UTC maps 0–99 to 19xx). */
function utcMilliseconds(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return date.getTime();
}

function wallOfUtc(milliseconds: number): WallTime {
  const d = new Date(milliseconds);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

function fixedZone(offsetMinutes: number): Zone {
  const offset = offsetMinutes * 60_000;
  return {
    toWall: (seconds) => wallOfUtc(seconds * 1000 + offset),
    fromWall: (wall) => Math.floor((utcMilliseconds(wall) - offset) / 1000),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for an unknown zone name. */
function ianaZone(timeZone: string): Zone {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const format = formatter;
  const toWall = (seconds: number): WallTime => {
    // Past the range of Date there is no wall time (localtime_r fails); NaN makes the result invalid.
    if (!(Math.abs(seconds) <= LATEST_DATE_MS / 1000)) return { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN };
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(seconds * 1000))) parts[part.type] = Number(part.value);
    return { year: parts.year ?? 1970, month: (parts.month ?? 1) - 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
  };
  const offsetAt = (milliseconds: number): number => {
    const seconds = Math.floor(milliseconds / 1000);
    return utcMilliseconds(toWall(seconds)) - seconds * 1000;
  };
  return {
    toWall,
    fromWall: (wall) => {
      const local = utcMilliseconds(wall);
      const before = offsetAt(local - 43_200_000);
      const after = offsetAt(local + 43_200_000);
      const candidates = [local - before, local - after].filter((utc, i) => offsetAt(utc) === (i === 0 ? before : after));
      // An ambiguous time (clocks going back) is the earlier instant; a skipped one keeps the old offset.
      const utc = candidates.length > 0 ? Math.min(...candidates) : local - before;
      return Math.floor(utc / 1000);
    },
  };
}

const DELTA_UNITS: [string, number][] = [
  ['seconds', 1],
  ['second', 1],
  ['minutes', 60],
  ['minute', 60],
  ['hours', 3600],
  ['hour', 3600],
  ['days', 86_400],
  ['day', 86_400],
  ['weeks', 604_800],
  ['week', 604_800],
];

type Step<T> = ({ ok: true } & T) | { ok: false; pos: number };

/** The character at `i` as C sees it: '' past the end. */
const charAt = (s: string, i: number): string => s[i] ?? '';
const digitAt = (s: string, i: number): number => (charAt(s, i).charCodeAt(0) || 0) - 48;

/** _get_delta(): `[blanks]N[blanks]unit` after the sign at `pos`; the count is seconds by default. */
function readDelta(s: string, pos: number): Step<{ pos: number; delta: number }> {
  let count = 0;
  let digits = 0;
  let offset = pos + 1;
  for (; charAt(s, offset) !== '' && charAt(s, offset) !== '\n'; offset++) {
    if (isCSpace(charAt(s, offset))) continue;
    const unit = DELTA_UNITS.find(([name]) => startsWithIgnoringCase(s.slice(offset), name));
    if (unit) {
      offset += unit[0].length;
      count *= unit[1];
      break;
    }
    if (isCDigit(charAt(s, offset))) {
      count = count * 10 + digitAt(s, offset);
      digits++;
      continue;
    }
    return { ok: false, pos: offset - 1 };
  }
  if (!digits) return { ok: false, pos };
  return { ok: true, pos: offset - 1, delta: count };
}

/** _get_time(): `HH:MM[:SS] [AM|PM]`. */
function readTimeOfDay(s: string, pos: number): Step<{ pos: number; hour: number; minute: number; second: number }> {
  let offset = pos;
  const failAt = (at: number): { ok: false; pos: number } => ({ ok: false, pos: at });
  if (!isCDigit(charAt(s, offset))) return failAt(offset);
  let hour = digitAt(s, offset++);
  if (charAt(s, offset) !== ':') {
    if (!isCDigit(charAt(s, offset))) return failAt(offset);
    hour = hour * 10 + digitAt(s, offset++);
  }
  if (hour > 23) return failAt(offset - 2);
  if (charAt(s, offset) !== ':') return failAt(offset);
  offset++;
  const twoDigits = (max: number): number | { ok: false; pos: number } => {
    if (!isCDigit(charAt(s, offset))) return failAt(offset);
    let value = digitAt(s, offset++);
    if (!isCDigit(charAt(s, offset))) return failAt(offset);
    value = value * 10 + digitAt(s, offset++);
    return value > max ? failAt(offset - 2) : value;
  };
  const minute = twoDigits(59);
  if (typeof minute !== 'number') return minute;
  let second = 0;
  if (charAt(s, offset) === ':') {
    offset++;
    const read = twoDigits(59);
    if (typeof read !== 'number') return read;
    second = read;
  }
  while (isCSpace(charAt(s, offset))) offset++;
  if (startsWithIgnoringCase(s.slice(offset), 'pm')) {
    hour += 12;
    if (hour > 23) {
      if (hour !== 24) return failAt(offset);
      hour = 12;
    }
    offset += 2;
  } else if (startsWithIgnoringCase(s.slice(offset), 'am')) {
    if (hour > 11) {
      if (hour !== 12) return failAt(offset);
      hour = 0;
    }
    offset += 2;
  }
  return { ok: true, pos: offset - 1, hour, minute, second };
}

/** _get_date(): `YYYY-MM-DD`, or `MMDD[YY]`, `MM/DD[/YY]`, `MM.DD[.YY]`; `year` is null when absent. */
function readDate(s: string, pos: number): Step<{ pos: number; month: number; day: number; year: number | null }> {
  let offset = pos;
  const failAt = (at: number): { ok: false; pos: number } => ({ ok: false, pos: at });
  /** Slurm skips the one character after an ISO month unseen, and an optional . or / otherwise. */
  const monthAndDay = (iso: boolean): { month: number; day: number } | { ok: false; pos: number } => {
    let month = digitAt(s, offset++);
    if (isCDigit(charAt(s, offset))) month = month * 10 + digitAt(s, offset++);
    if (month < 1 || month > 12) return failAt(offset - 2);
    if (iso || charAt(s, offset) === '.' || charAt(s, offset) === '/') offset++;
    if (!isCDigit(charAt(s, offset))) return failAt(offset);
    let day = digitAt(s, offset++);
    if (isCDigit(charAt(s, offset))) day = day * 10 + digitAt(s, offset++);
    if (day < 1 || day > 31) return failAt(offset - 2);
    return { month, day };
  };

  if (s.length >= offset + 7 && charAt(s, offset + 4) === '-' && charAt(s, offset + 7) === '-') {
    let year = 0;
    for (let k = 0; k < 4; k++) {
      if (!isCDigit(charAt(s, offset))) return failAt(offset);
      year = year * 10 + digitAt(s, offset++);
    }
    offset++;
    const md = monthAndDay(true);
    if ('ok' in md) return md;
    return { ok: true, pos: offset - 1, month: md.month - 1, day: md.day, year };
  }
  const md = monthAndDay(false);
  if ('ok' in md) return md;
  if (charAt(s, offset) === '.' || charAt(s, offset) === '/') offset++;
  let year = 0;
  if (isCDigit(charAt(s, offset))) {
    year = digitAt(s, offset++);
    if (!isCDigit(charAt(s, offset))) return failAt(offset);
    year = year * 10 + digitAt(s, offset++);
  }
  // A two-digit year is 20YY; "00" leaves the year unset, as in Slurm.
  return { ok: true, pos: offset - 1, month: md.month - 1, day: md.day, year: year ? 2000 + year : null };
}

type TimeResult = { kind: 'time'; seconds: number; relative: boolean } | { kind: 'zero' } | { kind: 'invalid'; pos: number };

/** parse_time(time_str, past=0) in parse_time.c. */
function parseTime(s: string, nowSeconds: number, zone: Zone, release: SlurmRelease): TimeResult {
  if (startsWithIgnoringCase(s, 'uts')) {
    const scan = scanCInteger(s, 3);
    if (scan.value < 1_000_000n || scan.value === LONG_MAX || charAt(s, scan.end) !== '') return { kind: 'invalid', pos: 0 };
    return { kind: 'time', seconds: Number(scan.value), relative: false };
  }

  const now = zone.toWall(nowSeconds);
  let hour = -1;
  let minute = -1;
  let second = 0;
  let month = -1;
  let day = -1;
  let year: number | null = null;
  let relative = false;
  const setDate = (wall: WallTime): void => {
    month = wall.month;
    day = wall.day;
    year = wall.year;
  };
  const setClock = (h: number, m: number, sec: number): void => {
    hour = h;
    minute = m;
    second = sec;
  };
  const dateKeywords: [string, () => void][] = [
    ['today', () => setDate(now)],
    ['tomorrow', () => setDate(zone.toWall(nowSeconds + 86_400))],
  ];
  const clockKeywords: [string, number][] = [
    ['midnight', 0],
    ['noon', 12],
    ...(releaseAtLeast(release, '24.05') ? [['elevenses', 11] as [string, number]] : []),
    ['fika', 15],
    ['teatime', 16],
  ];

  let pos = 0;
  for (; charAt(s, pos) !== '' && charAt(s, pos) !== '\n'; pos++) {
    const c = charAt(s, pos);
    if (c === ' ' || c === '\t' || c === '-' || c === 'T') continue;
    const dateKeyword = dateKeywords.find(([word]) => startsWithIgnoringCase(s.slice(pos), word));
    if (dateKeyword) {
      dateKeyword[1]();
      relative = true;
      pos += dateKeyword[0].length - 1;
      continue;
    }
    const clockKeyword = clockKeywords.find(([word]) => startsWithIgnoringCase(s.slice(pos), word));
    if (clockKeyword) {
      setClock(clockKeyword[1], 0, 0);
      pos += clockKeyword[0].length - 1;
      continue;
    }
    if (startsWithIgnoringCase(s.slice(pos), 'now')) {
      let delta = 0;
      for (let i = pos + 3; ; i++) {
        const d = charAt(s, i);
        if (d === '+' || d === '-') {
          // Slurm adds i to pos here rather than setting it, which only matters when "now" is not first.
          pos += i;
          const read = readDelta(s, pos);
          if (!read.ok) return { kind: 'invalid', pos: read.pos };
          pos = read.pos;
          delta = d === '-' ? -read.delta : read.delta;
          break;
        }
        if (d === ' ' || d === '\t') continue;
        if (d === '' || d === '\n') {
          pos += i - 1;
          break;
        }
        return { kind: 'invalid', pos: pos + i };
      }
      const later = zone.toWall(nowSeconds + delta);
      setDate(later);
      setClock(later.hour, later.minute, later.second);
      relative = true;
      continue;
    }
    if (!isCDigit(c)) return { kind: 'invalid', pos };
    if (charAt(s, pos + 1) === ':' || charAt(s, pos + 2) === ':') {
      const read = readTimeOfDay(s, pos);
      if (!read.ok) return { kind: 'invalid', pos: read.pos };
      pos = read.pos;
      setClock(read.hour, read.minute, read.second);
      continue;
    }
    const read = readDate(s, pos);
    if (!read.ok) return { kind: 'invalid', pos: read.pos };
    pos = read.pos;
    month = read.month;
    day = read.day;
    if (read.year !== null) year = read.year;
  }

  if (hour === -1 && month === -1) return { kind: 'zero' };
  if (hour === -1) {
    hour = 0;
    minute = 0;
  } else if (month === -1) {
    relative = true;
    setDate(hour > now.hour || (hour === now.hour && minute > now.minute) ? now : zone.toWall(nowSeconds + 86_400));
  }
  if (year === null) {
    relative = true;
    const later =
      month > now.month ||
      (month === now.month && day > now.day) ||
      (month === now.month && day === now.day && hour > now.hour) ||
      (month === now.month && day === now.day && hour === now.hour && minute > now.minute);
    year = later ? now.year : now.year + 1;
  }
  const seconds = zone.fromWall({ year, month, day, hour, minute, second });
  if (seconds === -1 || !Number.isFinite(seconds)) return { kind: 'invalid', pos };
  if (seconds === 0) return { kind: 'zero' };
  return { kind: 'time', seconds, relative };
}

const HINT = 'use now+1hour, HH:MM[:SS][AM|PM], YYYY-MM-DD[THH:MM[:SS]], MM/DD[/YY][-HH:MM], today, tomorrow, midnight, noon, teatime or uts<epoch seconds>';

function zoneOf(options: AbsoluteTimeOptions): Zone | ValueProblem {
  if (options.timeZone === undefined) return fixedZone(options.timeZoneOffsetMinutes ?? 0);
  try {
    return ianaZone(options.timeZone);
  } catch {
    return note('invalid-time-zone', 'error', `"${options.timeZone}" is not a time zone name this tool knows.`, 'give an IANA zone such as Europe/Berlin');
  }
}

/**
 * `--begin`/`--deadline`: a date and time as parse_time() reads it, relative to `ctx.now` (the
 * submission time). Invalid input makes sbatch print "Invalid time specification (pos=N): <value>"
 * and refuse the script.
 */
export function parseAbsoluteTime(value: string, ctx: ValueContext, options: AbsoluteTimeOptions = {}): Parsed<AbsoluteTime> {
  const option = options.option ?? 'begin';
  const zone = zoneOf(options);
  if ('code' in zone) return fail(zone);
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  const result = parseTime(value, nowSeconds, zone, ctx.release);
  if (result.kind === 'invalid') {
    const at = { start: Math.min(result.pos, Math.max(value.length - 1, 0)), end: Math.max(value.length, 1) };
    return fail(refusal(`invalid-${option}`, `sbatch refuses the script: "Invalid time specification (pos=${result.pos}): ${value}", then "Invalid --${option} specification".`, HINT, at));
  }
  if (result.kind === 'zero') {
    return fail(refusal(`invalid-${option}`, `sbatch refuses the script: "Invalid --${option} specification" (the value names no time).`, HINT));
  }
  const notes: ValueProblem[] = [];
  let milliseconds = result.seconds * 1000;
  if (Math.abs(milliseconds) > LATEST_DATE_MS) {
    notes.push(note('time-out-of-range', 'warning', `${value} is beyond any date this tool can represent; Slurm accepts it as a time that never comes.`));
    milliseconds = Math.sign(milliseconds) * LATEST_DATE_MS;
  }
  if (option === 'begin' && result.seconds <= nowSeconds) {
    notes.push(note('begin-in-past', 'info', `--begin=${value} is not in the future, so it does not delay the job.`));
  }
  return ok({ date: new Date(milliseconds), relative: result.relative }, notes);
}
