import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressIndices, indexAtPosition, positionOfIndex, taskJobId } from '../../src/model/array-positions.js';
import { parseArraySpec } from '../../src/parser/values/array.js';

const ctx = { release: '22.05' as const, maxArraySize: 4_000_001, arraySizeIsHardLimit: false, now: new Date(0) };

describe('array positions', () => {
  // Stepped ranges may interleave (0-9:3,1-5:2), so positions follow the ranges, not always index order.
  it('index ↔ position are inverse over the compressed ranges, every index once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(500), fc.nat(40), fc.integer({ min: 1, max: 7 })), { minLength: 1, maxLength: 5 }), (parts) => {
        const spec = parts.map(([start, length, step]) => `${start}-${start + length}:${step}`).join(',');
        const parsed = parseArraySpec(spec, ctx);
        if (!parsed.ok || !parsed.value) return;
        const array = { ...parsed.value, ranges: parsed.value.ranges.map((r) => ({ start: r.start, end: r.end ?? r.start, step: r.step ?? 1 })) };
        const seen = new Set<number>();
        for (let p = 0; p < array.count; p++) {
          const index = indexAtPosition(array, p);
          expect(seen.has(index)).toBe(false);
          seen.add(index);
          expect(positionOfIndex(array, index)).toBe(p);
        }
        expect(positionOfIndex(array, Math.max(...seen) + 1)).toBe(-1);
      }),
    );
  });

  it('gives every task its own id and the master id to the last (slurm-semantics §4.5)', () => {
    expect([0, 1, 2, 3].map((p) => taskJobId(10, 4, p))).toEqual([11, 12, 13, 10]);
  });

  it('compresses sorted indices into ranges', () => {
    expect(compressIndices([3, 4, 5, 7, 9, 10])).toBe('3-5,7,9-10');
    expect(compressIndices([])).toBe('');
  });
});
