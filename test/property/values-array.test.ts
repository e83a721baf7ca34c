import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArraySpec } from '../../src/parser/values/array.js';
import { arrayIncludes, arrayIndices, formatArrayTaskIds, parseArraySpec, parseArrayTaskIds } from '../../src/parser/values/array.js';
import { context } from '../unit/values/helpers.js';

const ctx = context({ maxArraySize: 100001 });

/** Random `--array` values made of N, N-M and N-M:S tokens, with an optional throttle. */
const arrayValue = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 60 }), fc.constantFrom('single', 'range', 'step')), {
      minLength: 1,
      maxLength: 8,
    }),
    fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  )
  .map(([tokens, throttle]) => {
    const text = tokens
      .map(([start, length, step, kind]) => (kind === 'single' ? `${start}` : kind === 'range' ? `${start}-${start + length}` : `${start}-${start + length}:${step}`))
      .join(',');
    return throttle === undefined ? text : `${text}%${throttle}`;
  });

/** The indices by brute force, straight from the text. */
function naiveIndices(value: string): number[] {
  const indices = new Set<number>();
  for (const token of value.split('%')[0]!.split(',')) {
    const [range = '', step = '1'] = token.split(':');
    const [first = '', last = first] = range.split('-');
    for (let i = Number(first); i <= Number(last); i += Number(step)) indices.add(i);
  }
  return [...indices].sort((a, b) => a - b);
}

function parsed(value: string): ArraySpec {
  const result = parseArraySpec(value, ctx);
  if (!result.ok || !result.value) throw new Error(`--array=${value} was refused`);
  return result.value;
}

describe('job arrays', () => {
  it('yield exactly the listed indices, in order, and count them', () => {
    fc.assert(
      fc.property(arrayValue, (value) => {
        const spec = parsed(value);
        const indices = [...arrayIndices(spec)];
        expect(indices).toEqual(naiveIndices(value));
        expect(spec.count).toBe(indices.length);
        expect(spec.min).toBe(indices[0]);
        expect(spec.max).toBe(indices[indices.length - 1]);
      }),
    );
  });

  it('agree between arrayIncludes and the generator', () => {
    fc.assert(
      fc.property(arrayValue, fc.array(fc.integer({ min: 0, max: 3500 }), { maxLength: 50 }), (value, probes) => {
        const spec = parsed(value);
        const members = new Set(arrayIndices(spec));
        for (const probe of probes) expect(arrayIncludes(spec, probe)).toBe(members.has(probe));
      }),
    );
  });

  it('read back from their full scontrol form', () => {
    fc.assert(
      fc.property(arrayValue, (value) => {
        const spec = parsed(value);
        const back = parseArrayTaskIds(formatArrayTaskIds(spec, 0));
        expect(back.ok).toBe(true);
        if (back.ok) {
          expect([...arrayIndices(back.value)]).toEqual([...arrayIndices(spec)]);
          expect(back.value.maxRunning).toBe(spec.maxRunning);
          expect(back.value.truncated).toBe(false);
        }
      }),
    );
  });

  it("keep scontrol's 64-character limit", () => {
    fc.assert(
      fc.property(arrayValue, (value) => {
        const spec = parsed(value);
        const shown = formatArrayTaskIds({ ranges: spec.ranges });
        const full = formatArrayTaskIds({ ranges: spec.ranges }, 0);
        expect(shown).toBe(full.length > 61 ? `${full.slice(0, 60)}...` : full);
      }),
    );
  });

  it('cost the same for a million indices as for ten', () => {
    const cloud = context({ arraySizeIsHardLimit: false });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999999 }), fc.integer({ min: 1, max: 1000 }), (last, step) => {
        const small = parseArraySpec(`0-9:${Math.min(step, 9)}`, cloud);
        const large = parseArraySpec(`0-${last}:${step}`, cloud);
        expect(small.ok && large.ok && small.value && large.value).toBeTruthy();
        if (small.ok && large.ok && small.value && large.value) {
          expect(large.value.ranges).toHaveLength(small.value.ranges.length);
          expect(large.value.count).toBe(Math.floor(last / step) + 1);
        }
      }),
    );
    const million = parseArraySpec('0-999999', cloud);
    const ten = parseArraySpec('0-9', cloud);
    expect(million.ok && ten.ok && million.value?.ranges.length === ten.value?.ranges.length).toBe(true);
  });
});
