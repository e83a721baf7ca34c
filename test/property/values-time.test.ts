import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationSeconds, parseDuration, parseDurationSeconds } from '../../src/parser/values/time.js';
import { context } from '../unit/values/helpers.js';

/** Longest limit whose seconds (plus rounding) still fit Slurm's 32-bit int. */
const LARGEST_EXACT_MINUTES = 35791393;

describe('durations', () => {
  it('parse(formatDuration(x)) gives x back for every limit Slurm computes exactly', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: LARGEST_EXACT_MINUTES }), fc.constant<'unlimited'>('unlimited')), (minutes) => {
        const result = parseDuration(formatDuration(minutes), context());
        expect(result).toMatchObject({ ok: true, value: minutes, notes: [] });
      }),
    );
  });

  it('parseDurationSeconds(formatDurationSeconds(x)) gives x back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seconds) => {
        expect(parseDurationSeconds(formatDurationSeconds(seconds))).toMatchObject({ ok: true, value: seconds });
      }),
    );
  });

  it('rounds D-HH:MM:SS up to whole minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1, max: 59 }), (d, h, m, s) => {
        const total = ((d * 24 + h) * 60 + m) * 60 + s;
        expect(parseDuration(`${d}-${h}:${m}:${s}`, context())).toMatchObject({ ok: true, value: Math.ceil(total / 60) });
      }),
    );
  });
});
