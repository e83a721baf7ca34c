import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLURM_RELEASES } from '../../src/parser/slurm-release.js';
import { formatArrayTaskIds, parseArrayTaskIds } from '../../src/parser/values/array.js';
import { valueParsersA } from '../../src/parser/values/by-option-a.js';
import type { ValueContext } from '../../src/parser/values/context.js';
import { formatMemorySize } from '../../src/parser/values/memory.js';
import type { Parsed } from '../../src/parser/values/result.js';

/** Strings that look like option values: digits, signs, separators and unit letters. */
const optionLike = fc.stringMatching(/^[-+ 0-9:%,[\]kKmMgGtTsSbBlL@x.=*;/a-z]{0,24}$/);
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  optionLike,
  fc.bigInt().map(String),
  fc.constantFrom('', ' ', '-', ':', '%', '@', ',', '[', ']', '*', '9'.repeat(400), 'UNLIMITED', 'none', 'help'),
);
const contexts = fc.record<ValueContext>({
  release: fc.constantFrom(...SLURM_RELEASES),
  maxArraySize: fc.constantFrom(0, 1001, 100001, 4000001, 10 ** 9),
  arraySizeIsHardLimit: fc.boolean(),
  now: fc.constant(new Date('2026-11-22T12:00:00Z')),
});

function wellFormed(result: Parsed<unknown>): void {
  if (result.ok) {
    for (const n of result.notes) expect(n.refusedBySbatch).toBe(false);
  } else {
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.some((p) => p.refusedBySbatch && p.severity === 'error')).toBe(true);
  }
  for (const problem of result.ok ? result.notes : result.problems) {
    expect(problem.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(problem.message.length).toBeGreaterThan(0);
  }
}

describe('part A value parsers on arbitrary input', () => {
  it.each(Object.keys(valueParsersA))('--%s never throws and always answers well-formed', (option) => {
    const parse = valueParsersA[option]!;
    fc.assert(
      fc.property(fc.option(anyValue, { nil: undefined }), contexts, (value, ctx) => {
        wellFormed(parse(value, ctx));
      }),
      { numRuns: 300 },
    );
  });

  it('formatting helpers never throw', () => {
    fc.assert(
      fc.property(anyValue, fc.double(), (text, number) => {
        wellFormed(parseArrayTaskIds(text));
        expect(typeof formatMemorySize(number)).toBe('string');
        expect(typeof formatArrayTaskIds({ ranges: [], maxRunning: null })).toBe('string');
      }),
    );
  });
});
