import { describe, expect, it } from 'vitest';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';
import { parseAbsoluteTime, type AbsoluteTimeOptions } from '../../../src/parser/values/absolute-time.js';
import type { ValueContext } from '../../../src/parser/values/context.js';

/** The submission time of the real-Slurm observations below (a Monday, machine zone UTC). */
const SUBMITTED = '2026-11-23T09:16:19Z';

const ctx = (now = SUBMITTED, release: SlurmRelease = '22.05'): ValueContext => ({ release, maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date(now) });

function iso(value: string, options: AbsoluteTimeOptions = {}, now = SUBMITTED, release: SlurmRelease = '22.05'): string {
  const parsed = parseAbsoluteTime(value, ctx(now, release), options);
  if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
  return parsed.value.date.toISOString().replace('.000Z', 'Z');
}

function refusal(value: string, options: AbsoluteTimeOptions = {}, release: SlurmRelease = '22.05'): string | undefined {
  const parsed = parseAbsoluteTime(value, ctx(SUBMITTED, release), options);
  return parsed.ok ? undefined : parsed.problems[0]?.message;
}

describe('parseAbsoluteTime in UTC', () => {
  // EligibleTime shown by the real Slurm 22.05 for --begin=<value> submitted at SUBMITTED.
  it.each([
    ['now+60', '2026-11-23T09:17:19Z'],
    ['now+1hour', '2026-11-23T10:16:19Z'],
    ['now+1hours', '2026-11-23T10:16:19Z'],
    ['NOW+1HOUR', '2026-11-23T10:16:19Z'],
    ['now+1minute', '2026-11-23T09:17:19Z'],
    ['now+2days', '2026-11-25T09:16:19Z'],
    ['now+1 week', '2026-11-30T09:16:19Z'],
    ['now + 1 week', '2026-11-30T09:16:19Z'],
    ['now+1week', '2026-11-30T09:16:19Z'],
    ['16:00', '2026-11-23T16:00:00Z'],
    ['4:00pm', '2026-11-23T16:00:00Z'],
    ['4:00 PM', '2026-11-23T16:00:00Z'],
    ['4:00am', '2026-11-24T04:00:00Z'],
    ['12:00am', '2026-11-24T00:00:00Z'],
    ['12:00pm', '2026-11-23T12:00:00Z'],
    ['noon', '2026-11-23T12:00:00Z'],
    ['midnight', '2026-11-24T00:00:00Z'],
    ['teatime', '2026-11-23T16:00:00Z'],
    ['fika', '2026-11-23T15:00:00Z'],
    ['tomorrow', '2026-11-24T00:00:00Z'],
    ['2030-01-01', '2030-01-01T00:00:00Z'],
    ['2030-01-01T10:00:30', '2030-01-01T10:00:30Z'],
    ['12/31', '2026-12-31T00:00:00Z'],
    ['123130', '2030-12-31T00:00:00Z'],
    ['12/31/30', '2030-12-31T00:00:00Z'],
    ['12.31.30', '2030-12-31T00:00:00Z'],
    ['12/31-10:00', '2026-12-31T10:00:00Z'],
    ['uts2000000000', '2033-05-18T03:33:20Z'],
    ['tomorrow 10:00', '2026-11-24T10:00:00Z'],
    ['10:00 tomorrow', '2026-11-24T10:00:00Z'],
    ['02/31', '2027-03-03T00:00:00Z'],
  ])('reads --begin=%s as %s [V]', (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ['now-1hour', '2026-11-23T08:16:19Z'],
    ['now', '2026-11-23T09:16:19Z'],
    ['today', '2026-11-23T00:00:00Z'],
  ])('reads %s as a past time, which does not delay the job [V: EligibleTime=Unknown]', (value, expected) => {
    expect(iso(value)).toBe(expected);
    const parsed = parseAbsoluteTime(value, ctx());
    expect(parsed.ok && parsed.notes.map((n) => n.code)).toEqual(['begin-in-past']);
  });

  it.each([
    ['tomorrowish', 8],
    ['garbage', 0],
    ['25:00', 0],
    ['13:00pm', 5],
    ['now+1h', 4],
    ['now+1min', 4],
    ['now+', 3],
    ['now+hour', 3],
    ['tomorrow+1', 8],
    ['now+1hourfoo', 9],
    ['elevenses', 0],
    ['2030-1-1', 0],
    ['13/01', 0],
    ['uts999999', 0],
    ['uts2000000000x', 0],
  ])('refuses %s with "Invalid time specification (pos=%i)" [V]', (value, pos) => {
    const message = refusal(value);
    expect(message).toContain(`Invalid time specification (pos=${pos}): ${value}`);
    expect(message).toContain('Invalid --begin specification');
  });

  it.each(['1970-01-01', 'T', '-'])('refuses %s, which names no time, without a position [V]', (value) => {
    const message = refusal(value);
    expect(message).toContain('Invalid --begin specification');
    expect(message).not.toContain('pos=');
  });

  it('names the option in the message', () => {
    expect(refusal('garbage', { option: 'deadline' })).toContain('Invalid --deadline specification');
  });

  it('knows elevenses from 24.05', () => {
    expect(iso('elevenses', {}, SUBMITTED, '24.05')).toBe('2026-11-23T11:00:00Z');
  });

  it('picks tomorrow for a time of day that has passed, comparing hours and minutes only', () => {
    expect(iso('09:16', {}, '2026-11-23T09:16:59Z')).toBe('2026-11-24T09:16:00Z');
    expect(iso('09:17', {}, '2026-11-23T09:16:59Z')).toBe('2026-11-23T09:17:00Z');
  });

  it('picks next year for a date without a year that has passed', () => {
    expect(iso('01/15')).toBe('2027-01-15T00:00:00Z');
    expect(iso('11/23')).toBe('2027-11-23T00:00:00Z');
  });

  it('says whether the result depends on the submission time', () => {
    const relative = (value: string): boolean | undefined => {
      const parsed = parseAbsoluteTime(value, ctx());
      return parsed.ok ? parsed.value.relative : undefined;
    };
    expect(relative('now+1hour')).toBe(true);
    expect(relative('16:00')).toBe(true);
    expect(relative('12/31')).toBe(true);
    expect(relative('2030-01-01T10:00')).toBe(false);
    expect(relative('12/31/30')).toBe(false);
    expect(relative('uts2000000000')).toBe(false);
  });
});

describe('parseAbsoluteTime in a local time zone', () => {
  const newYork = { timeZone: 'America/New_York' };
  const SUBMITTED_NY = '2026-11-23T09:16:26Z';

  // sbatch run with TZ=America/New_York; EligibleTime read back in UTC.
  it.each([
    ['16:00', '2026-11-23T21:00:00Z'],
    ['2027-07-01T12:00', '2027-07-01T16:00:00Z'],
    ['2027-01-01', '2027-01-01T05:00:00Z'],
    ['tomorrow', '2026-11-24T05:00:00Z'],
    ['now+1hour', '2026-11-23T10:16:26Z'],
    ['03/14/27-02:30', '2027-03-14T07:30:00Z'],
    ['11/07/27-01:30', '2027-11-07T05:30:00Z'],
  ])('reads %s as %s [V]', (value, expected) => {
    expect(iso(value, newYork, SUBMITTED_NY)).toBe(expected);
  });

  it('takes a fixed offset east of UTC', () => {
    expect(iso('16:00', { timeZoneOffsetMinutes: 60 })).toBe('2026-11-23T15:00:00Z');
    expect(iso('2030-01-01', { timeZoneOffsetMinutes: -300 })).toBe('2030-01-01T05:00:00Z');
  });

  it('reports an unknown zone name instead of throwing', () => {
    const parsed = parseAbsoluteTime('16:00', ctx(), { timeZone: 'Mars/Olympus' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]).toMatchObject({ code: 'invalid-time-zone', refusedBySbatch: false });
  });
});
