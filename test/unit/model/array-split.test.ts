import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexAtPosition } from '../../../src/model/array-positions.js';
import { splitArray } from '../../../src/model/array-split.js';
import type { JobArray } from '../../../src/model/schema.js';

const array = (ranges: JobArray['ranges'], maxRunning: number | null = null): JobArray => {
  const count = ranges.reduce((n, r) => n + Math.floor((r.end - r.start) / r.step) + 1, 0);
  return { spec: 'x', ranges, count, min: ranges[0]?.start ?? 0, max: ranges.at(-1)?.end ?? 0, step: 1, maxRunning };
};

describe('splitting an array between a cluster and elsewhere', () => {
  it('cuts inside a range, keeping steps and the throttle', () => {
    const [head, tail] = splitArray(
      array(
        [
          { start: 0, end: 20, step: 2 },
          { start: 100, end: 100, step: 1 },
        ],
        4,
      ),
      3,
    );
    expect(head).toMatchObject({ spec: '0-4:2%4', count: 3, min: 0, max: 4, step: 2, maxRunning: 4 });
    // Together the parts never run more than 4: 3 there, 1 here.
    expect(tail).toMatchObject({ spec: '6-20:2,100%1', count: 9, min: 6, max: 100, step: 2, maxRunning: 1 });
  });

  it('cuts between ranges', () => {
    const [head, tail] = splitArray(
      array([
        { start: 1, end: 3, step: 1 },
        { start: 7, end: 9, step: 1 },
      ]),
      3,
    );
    expect([head.spec, tail.spec]).toEqual(['1-3', '7-9']);
  });

  it('refuses a cut that leaves a part empty, or the tail no share of the throttle', () => {
    expect(() => splitArray(array([{ start: 0, end: 3, step: 1 }]), 4)).toThrow(RangeError);
    expect(() => splitArray(array([{ start: 0, end: 9, step: 1 }], 2), 2)).toThrow(RangeError);
  });

  it('loses no index and repeats none, whatever the ranges and the cut', () => {
    const ranges = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 50 }), length: fc.integer({ min: 0, max: 30 }), step: fc.integer({ min: 1, max: 5 }) }), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(ranges, fc.double({ min: 0, max: 1, noNaN: true }), (parts, where) => {
        let next = 0;
        const built = parts.map(({ gap, length, step }) => {
          const start = next + gap;
          next = start + length * step;
          return { start, end: next, step };
        });
        const whole = array(built);
        fc.pre(whole.count >= 2);
        const head = 1 + Math.floor(where * (whole.count - 2));
        const [a, b] = splitArray(whole, head);
        const all = (x: JobArray) => Array.from({ length: x.count }, (_, p) => indexAtPosition(x, p));
        expect([...all(a), ...all(b)]).toEqual(all(whole));
        expect(a.count).toBe(head);
      }),
    );
  });
});
