import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMemorySize, parseMemorySize } from '../../src/parser/values/memory.js';

const MULTIPLIER: Record<string, number> = { '': 1, M: 1, G: 1024, T: 1024 * 1024 };

describe('memory sizes', () => {
  it('parse(formatMemorySize(x)) gives x back whenever scontrol prints a whole number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 24 - 1 }), (mib) => {
        const text = formatMemorySize(mib);
        fc.pre(!text.includes('.'));
        expect(parseMemorySize(text, 'mem')).toMatchObject({ ok: true, value: mib });
      }),
    );
  });

  it('prints a number and one unit that multiply back to the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 24 - 1 }), (mib) => {
        const match = /^(\d+(?:\.\d\d)?)([MGT])$/.exec(formatMemorySize(mib));
        expect(match).not.toBeNull();
        expect(Number(match![1]) * MULTIPLIER[match![2]!]!).toBe(mib);
      }),
    );
  });

  it('converts every unit to MiB, rounding kilobytes up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.constantFrom('', 'K', 'k', 'M', 'm', 'G', 'g', 'T', 't'), fc.constantFrom('', 'B', 'b'), (n, unit, byte) => {
        fc.pre(unit !== '' || byte === '');
        const expected = unit.toUpperCase() === 'K' ? Math.ceil(n / 1024) : n * MULTIPLIER[unit.toUpperCase()]!;
        expect(parseMemorySize(`${n}${unit}${byte}`, 'mem')).toMatchObject({ ok: true, value: expected });
      }),
    );
  });
});
