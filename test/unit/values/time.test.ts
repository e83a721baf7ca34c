import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationSeconds, parseDuration, parseDurationSeconds } from '../../../src/parser/values/time.js';
import { accepted, context, noteCodes, refused } from './helpers.js';

const ctx = context();
/** What scontrol would show as TimeLimit for `--time=<value>`. */
const shown = (value: string, option: 'time' | 'time-min' = 'time') => formatDuration(accepted(parseDuration(value, ctx, option)));

describe('parseDuration (--time, time_str2mins)', () => {
  it.each([
    // slurm-semantics.md §3.1 [V]
    ['0', 'UNLIMITED'],
    ['0:0', 'UNLIMITED'],
    ['1', '00:01:00'],
    ['90', '01:30:00'],
    ['1:30', '00:02:00'],
    ['0:30', '00:01:00'],
    ['0:61', '00:02:00'],
    ['1:00:00', '01:00:00'],
    ['25:00:00', '1-01:00:00'],
    ['1-0', '1-00:00:00'],
    ['1-2', '1-02:00:00'],
    ['1-2:30', '1-02:30:00'],
    ['1-2:30:15', '1-02:31:00'],
    ['2-', '2-00:00:00'],
    ['007', '00:07:00'],
    ['10:70', '00:12:00'],
    ['1-24', '2-00:00:00'],
    ['UNLIMITED', 'UNLIMITED'],
    ['infinite', 'UNLIMITED'],
    ['-1', 'UNLIMITED'],
  ])('--time=%s is stored as %s', (value, limit) => {
    expect(shown(value)).toBe(limit);
  });

  it.each([
    // oracle/scontrol-samples time_*.sbatch and sbatch-cli/*time*.txt
    ['30', '00:30:00'],
    ['1:00:00', '01:00:00'],
    ['1-12', '1-12:00:00'],
    ['2-00:30:00', '2-00:30:00'],
    ['5:30', '00:06:00'],
    ['1-2:3', '1-02:03:00'],
    ['45', '00:45:00'],
    ['0:0:30', '00:01:00'],
    ['1:61:00', '02:01:00'],
  ])('matches scontrol for --time=%s (%s)', (value, limit) => {
    expect(shown(value)).toBe(limit);
  });

  it('keeps whole minutes, rounding seconds up', () => {
    expect(accepted(parseDuration('1-2:30:15', ctx))).toBe(24 * 60 + 2 * 60 + 31);
    expect(accepted(parseDuration('0:61', ctx))).toBe(2);
  });

  it.each(['1.5', '1h', '1-2-3', '1:2:3:4', '1-:30', ':5', '5:', '1::2', 'abc', '2:00:00:00', '', ' 5', '+5', '-5:30'])('refuses --time=%s with "Invalid --time specification"', (value) => {
    const problem = refused(parseDuration(value, ctx), 'invalid-time');
    expect(problem.message).toContain('Invalid --time specification');
  });

  it('accepts --time=-5 with the bogus limit Slurm stores, flagged as an error', () => {
    // oracle/sbatch-cli/bad_time_neg.txt: TimeLimit=2982611-04:17:00
    const result = parseDuration('-5', ctx);
    expect(shown('-5')).toBe('2982611-04:17:00');
    expect(result.ok && result.notes[0]).toMatchObject({ code: 'bogus-time-limit', severity: 'error', refusedBySbatch: false });
  });

  it.each([
    // observed on Slurm 22.05.8 (scontrol show job TimeLimit=)
    ['-01', '2982615-04:17:00'],
    ['-0', 'UNLIMITED'],
    ['99999999999', '2981813-22:48:00'],
    ['2147483647', 'UNLIMITED'],
    ['35791394', '2957761-01:03:00'],
    ['35791394:59', '2957761-01:04:00'],
    ['4294967295', 'UNLIMITED'],
    ['-2147483648', 'UNLIMITED'],
    ['-35791394', '03:12:00'],
    ['1-99999999999', '1577-12:57:00'],
    ['99999999999999999999', 'UNLIMITED'],
    ['-99999999999999999999', 'UNLIMITED'],
    ['71582788:15', 'UNLIMITED'],
  ])('wraps --time=%s around 32 bits like Slurm: %s', (value, limit) => {
    expect(shown(value)).toBe(limit);
  });

  it('flags every wrapped value but not genuine limits', () => {
    expect(noteCodes(parseDuration('99999999999', ctx))).toEqual(['bogus-time-limit']);
    expect(noteCodes(parseDuration('2147483647', ctx))).toEqual(['bogus-time-limit']);
    expect(noteCodes(parseDuration('35791393', ctx))).toEqual([]);
    expect(noteCodes(parseDuration('UNLIMITED', ctx))).toEqual([]);
    expect(noteCodes(parseDuration('0', ctx))).toEqual(['time-zero-unlimited']);
  });

  it('refuses values whose minutes land on Slurm NO_VAL', () => {
    // observed on Slurm 22.05.8: both are "Invalid --time specification"
    refused(parseDuration('71582788:14', ctx), 'invalid-time');
    refused(parseDuration('71582785:0', ctx), 'invalid-time');
  });

  it('treats --time-min the same way, naming the option and warning about UNLIMITED', () => {
    expect(shown('-5', 'time-min')).toBe('2982611-04:17:00');
    expect(shown('30', 'time-min')).toBe('00:30:00');
    expect(refused(parseDuration('abc', ctx, 'time-min')).message).toContain('Invalid --time-min specification');
    // observed on Slurm 22.05.8: --time-min=0 alone fails with "Invalid time-min specification".
    expect(noteCodes(parseDuration('0', ctx, 'time-min'))).toEqual(['time-min-unlimited']);
  });
});

describe('formatDuration (mins2time_str)', () => {
  it('prints days only when there are some', () => {
    expect(formatDuration(30)).toBe('00:30:00');
    expect(formatDuration(36 * 60)).toBe('1-12:00:00');
    expect(formatDuration(59)).toBe('00:59:00');
    expect(formatDuration('unlimited')).toBe('UNLIMITED');
  });
});

describe('parseDurationSeconds (--delay-boot, time_str2secs)', () => {
  const seconds = (value: string) => formatDurationSeconds(accepted(parseDurationSeconds(value, 'delay-boot')));

  it.each([
    // observed on Slurm 22.05.8 (scontrol DelayBoot=)
    ['10', '00:10:00'],
    ['1:00', '00:01:00'],
    ['0', '00:00:00'],
    ['1-0', '1-00:00:00'],
    ['-1', 'UNLIMITED'],
    ['UNLIMITED', 'UNLIMITED'],
    ['-5', '49705-06:28:16'],
  ])('--delay-boot=%s is DelayBoot=%s', (value, shownValue) => {
    expect(seconds(value)).toBe(shownValue);
  });

  it('keeps seconds, not minutes', () => {
    expect(accepted(parseDurationSeconds('1:30'))).toBe(90);
    expect(accepted(parseDurationSeconds('2'))).toBe(120);
  });

  it('flags a negative delay and refuses an unreadable one', () => {
    expect(noteCodes(parseDurationSeconds('-5'))).toEqual(['bogus-time-limit']);
    expect(refused(parseDurationSeconds('abc', 'delay-boot'), 'invalid-time').message).toContain('Invalid --delay-boot specification');
    refused(parseDurationSeconds('', 'delay-boot'), 'invalid-time');
  });
});
