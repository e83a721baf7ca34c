import { describe, expect, it } from 'vitest';
import { arrayIncludes, arrayIndices, consecutiveRuns, indexCount, makeRange, singleProgressionStep, unionOfRanges } from '../../../src/parser/values/array-index-set.js';

const union = (...ranges: [number, number, number][]) => unionOfRanges(ranges.map(([a, b, s]) => makeRange(a, b, s)));

describe('array index sets', () => {
  it('normalises a range to end on an element', () => {
    expect(makeRange(0, 11, 2)).toEqual({ start: 0, end: 10, step: 2 });
    expect(makeRange(5, 6, 10)).toEqual({ start: 5, end: 5, step: 1 });
  });

  it('merges ranges that continue each other', () => {
    expect(union([1, 3, 1], [4, 6, 1]).ranges).toEqual([{ start: 1, end: 6, step: 1 }]);
    expect(union([0, 8, 2], [10, 10, 1]).ranges).toEqual([{ start: 0, end: 10, step: 2 }]);
    expect(union([1, 1, 1], [3, 3, 1], [5, 5, 1]).ranges).toEqual([{ start: 1, end: 5, step: 2 }]);
  });

  it('keeps the union of overlapping progressions disjoint and exact', () => {
    const set = union([0, 1000, 2], [0, 1000, 3]);
    const expected = Array.from({ length: 1001 }, (_, i) => i).filter((i) => i % 2 === 0 || i % 3 === 0);
    expect([...arrayIndices(set)]).toEqual(expected);
    expect(indexCount(set)).toBe(expected.length);
    expect(set.ranges.length).toBeLessThan(10);
  });

  it('answers membership without listing indices', () => {
    const set = union([0, 999999, 7]);
    expect(arrayIncludes(set, 700007)).toBe(true);
    expect(arrayIncludes(set, 700008)).toBe(false);
    expect(set.ranges).toHaveLength(1);
  });

  it('finds runs of consecutive indices and single progressions', () => {
    expect([...consecutiveRuns(union([0, 4, 2], [1, 1, 1], [10, 12, 1]))]).toEqual([
      { first: 0, last: 2 },
      { first: 4, last: 4 },
      { first: 10, last: 12 },
    ]);
    expect(singleProgressionStep(union([0, 20, 4], [2, 22, 4]))).toBe(2);
    expect(singleProgressionStep(union([0, 20, 4], [3, 3, 1]))).toBeNull();
    expect(singleProgressionStep(union([0, 5, 1]))).toBeNull();
  });
});
