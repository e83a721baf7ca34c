import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLURM_RELEASES } from '../../src/parser/slurm-release.js';
import { valueParsersB } from '../../src/parser/values/by-option-b.js';
import type { ValueContext } from '../../src/parser/values/context.js';

/** Characters these parsers treat specially, so that generated strings reach their branches. */
const special = fc.constantFrom(':', ',', '?', '+', '-', '_', '[', ']', '(', ')', '*', '%', '\\', '/', '=', '"', "'", ' ', '0', '1', '9', 'k', 'a', 'T', 'x');
const words = fc.constantFrom('gpu', 'gres:', 'afterok:', 'singleton', 'now', 'tomorrow', 'uts', 'pm', 'ALL', 'NONE', 'NIL', 'none', 'failed', '4294967295', '99999999999999999999');
const valueText = fc.oneof(
  fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
  fc.array(fc.oneof(special, words), { maxLength: 20 }).map((parts) => parts.join('')),
);

const context = fc.record({
  release: fc.constantFrom(...SLURM_RELEASES),
  maxArraySize: fc.integer({ min: 1, max: 100_001 }),
  arraySizeIsHardLimit: fc.boolean(),
  now: fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
}) as fc.Arbitrary<ValueContext>;

describe('part B value parsers', () => {
  it.each(Object.keys(valueParsersB))('--%s never throws and always explains a refusal', (option) => {
    const parse = valueParsersB[option];
    if (!parse) throw new Error(option);
    fc.assert(
      fc.property(fc.option(valueText, { nil: undefined }), context, (value, ctx) => {
        const parsed = parse(value, ctx);
        if (!parsed.ok) expect(parsed.problems.length).toBeGreaterThan(0);
        const problems = parsed.ok ? parsed.notes : parsed.problems;
        for (const problem of problems) expect(problem.code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      }),
      { numRuns: 300 },
    );
  });
});
