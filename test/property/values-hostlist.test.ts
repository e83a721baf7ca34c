import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressHostlist, countHostlist, expandHostlist } from '../../src/parser/values/hostlist.js';

/** Node names as clusters name them: a letter prefix and a (sometimes zero-padded) number, or a plain word. */
const hostName = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('n', 'node', 'gpu', 'c-', 'rack1n'), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 4 }))
      .map(([p, n, w]) => `${p}${String(n).padStart(w, '0')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('vm', 'login', 'head', 'a', 'b') },
);
const hostSet = fc.uniqueArray(hostName, { maxLength: 40 });

function expand(text: string): string[] {
  const parsed = expandHostlist(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problems[0]?.message}`);
  return parsed.value;
}

describe('compressHostlist / expandHostlist', () => {
  it('expands a compressed host set back to the same names, in order', () => {
    fc.assert(
      fc.property(hostSet, (names) => {
        expect(expand(compressHostlist(names))).toEqual(names);
      }),
      { numRuns: 500 },
    );
  });

  it('compresses an expanded list back to the same text', () => {
    fc.assert(
      fc.property(hostSet, (names) => {
        const text = compressHostlist(names);
        expect(compressHostlist(expand(text))).toBe(text);
        expect(countHostlist(text)).toEqual({ ok: true, value: names.length, notes: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips sorted node ranges to the short form', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (numbers, width) => {
        const names = [...numbers].sort((a, b) => a - b).map((n) => `cn${String(n).padStart(width, '0')}`);
        const text = compressHostlist(names);
        expect(text.startsWith('cn')).toBe(true);
        expect(expand(text)).toEqual(names);
      }),
    );
  });
});
