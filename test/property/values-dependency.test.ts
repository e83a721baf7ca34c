import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValueContext } from '../../src/parser/values/context.js';
import { formatDependency, parseDependency, type DependencyExpression, type DependencyTerm, type DependencyType } from '../../src/parser/values/dependency.js';

const ctx: ValueContext = { release: '22.05', maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date('2026-11-23T09:00:00Z') };

const jobTypes: Exclude<DependencyType, 'singleton'>[] = ['after', 'afterany', 'afterok', 'afternotok', 'aftercorr', 'afterburstbuffer', 'expand'];

const job = fc.record({
  id: fc.integer({ min: 1, max: 0xffffffff }),
  task: fc.oneof(fc.constant(null), fc.constant('*' as const), fc.integer({ min: 0, max: 0xfffffffd })),
  delayMinutes: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 35_791_394 })),
});
const term: fc.Arbitrary<DependencyTerm> = fc.oneof(
  fc.constant<DependencyTerm>({ type: 'singleton', jobs: [] }),
  fc.record({ type: fc.constantFrom(...jobTypes), jobs: fc.array(job, { minLength: 1, maxLength: 3 }) }),
);
const expression: fc.Arbitrary<DependencyExpression> = fc.record({ op: fc.constantFrom('and' as const, 'or' as const), terms: fc.array(term, { minLength: 1, maxLength: 5 }) });

/** Dependency-like text: mostly well-formed pieces, with some junk mixed in. */
const dependencyText = fc
  .array(
    fc.oneof(
      fc.constantFrom('afterok:', 'afterany:', 'after:', 'AFTERNOTOK:', 'aftercorr:', 'afterburstbuffer:', 'singleton', 'expand:'),
      fc.constantFrom(',', '?', ':', '+', '_', '_*', '_[1-3]', '(failed)', '(unfulfilled)', '-', ' '),
      fc.integer({ min: 0, max: 5000 }).map(String),
      fc.string({ maxLength: 3 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));

function reparse(text: string): DependencyExpression | null {
  const parsed = parseDependency(text, ctx);
  if (!parsed.ok) throw new Error(`refused ${text}: ${parsed.problems[0]?.message}`);
  return parsed.value;
}

describe('formatDependency / parseDependency', () => {
  it('re-parses what it formats to the same tree', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const once = reparse(formatDependency(expr));
        expect(reparse(formatDependency(once))).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });

  it('re-parses the format of anything it accepts to the same tree', () => {
    fc.assert(
      fc.property(dependencyText, (text) => {
        const parsed = parseDependency(text, ctx);
        fc.pre(parsed.ok && parsed.value !== null);
        if (!parsed.ok) return;
        expect(reparse(formatDependency(parsed.value))).toEqual(parsed.value);
      }),
      { numRuns: 1000 },
    );
  });
});
