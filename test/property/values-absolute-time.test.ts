import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAbsoluteTime } from '../../src/parser/values/absolute-time.js';
import type { ValueContext } from '../../src/parser/values/context.js';

const now = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true });
const ctxAt = (date: Date): ValueContext => ({ release: '22.05', maxArraySize: 1001, arraySizeIsHardLimit: true, now: date });
const units: [string, number][] = [
  ['', 1],
  ['seconds', 1],
  ['minute', 60],
  ['minutes', 60],
  ['hour', 3600],
  ['hours', 3600],
  ['day', 86400],
  ['days', 86400],
  ['week', 604800],
  ['weeks', 604800],
];

describe('parseAbsoluteTime', () => {
  it('adds now+N<unit> to the submission time, whole seconds', () => {
    fc.assert(
      fc.property(now, fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(...units), fc.constantFrom('+', '-'), fc.constantFrom('', ' '), (date, n, [unit, seconds], sign, blank) => {
        const parsed = parseAbsoluteTime(`now${sign}${n}${blank}${unit}`, ctxAt(date));
        if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
        const expected = (Math.floor(date.getTime() / 1000) + (sign === '-' ? -1 : 1) * n * seconds) * 1000;
        expect(parsed.value.date.getTime()).toBe(expected);
        expect(parsed.value.relative).toBe(true);
      }),
    );
  });

  it('reads uts<epoch> exactly', () => {
    fc.assert(
      fc.property(now, fc.integer({ min: 1_000_000, max: 4_000_000_000 }), (date, epoch) => {
        const parsed = parseAbsoluteTime(`uts${epoch}`, ctxAt(date));
        expect(parsed.ok && parsed.value.date.getTime()).toBe(epoch * 1000);
      }),
    );
  });

  it('never throws, whatever the zone', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 24 }), fc.constantFrom('now+99999999999999999999weeks', 'now-99999999999999weeks', '9999-12-31T23:59:59', '0000-01-01', 'now+1e9')),
        now,
        fc.constantFrom(undefined, 'UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Nowhere/Land'),
        (value, date, timeZone) => {
          const parsed = parseAbsoluteTime(value, ctxAt(date), timeZone === undefined ? {} : { timeZone });
          if (parsed.ok) expect(Number.isNaN(parsed.value.date.getTime())).toBe(false);
        },
      ),
    );
  });

  it('puts a wall-clock time in a zone at that time of the zone’s day', () => {
    fc.assert(
      fc.property(
        now,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom('Europe/Berlin', 'Asia/Tokyo', 'America/Los_Angeles'),
        (date, hour, minute, timeZone) => {
          const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const parsed = parseAbsoluteTime(`2031-06-15T${clock}`, ctxAt(date), { timeZone });
          if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
          const shown = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(parsed.value.date);
          expect(shown).toBe(clock);
        },
      ),
    );
  });
});
