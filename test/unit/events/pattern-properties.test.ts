import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../src/events/pattern/evaluate.js';
import { explainMatch } from '../../../src/events/pattern/explain.js';
import { compileEventPattern, parseEventPattern } from '../../../src/events/pattern/parse-pattern.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Small alphabets, so that random patterns and random events often meet.
const NAMES = ['a', 'b', 'c'];
const name = fc.constantFrom(...NAMES);
const text = fc.stringMatching(/^[abAB.*]{0,4}$/);
const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, 1e9, -2.25));
const scalar: fc.Arbitrary<Json> = fc.oneof(text, number, fc.boolean(), fc.constant(null));

const record = <T>(value: fc.Arbitrary<T>) => fc.uniqueArray(fc.tuple(name, value), { selector: ([key]) => key, minLength: 1, maxLength: 3 }).map((entries) => Object.fromEntries(entries));

const { event } = fc.letrec<{ event: Record<string, Json>; value: Json }>((tie) => ({
  event: record(tie('value')),
  value: fc.oneof({ depthSize: 'small' }, scalar, scalar, fc.array(scalar, { maxLength: 3 }), tie('event'), fc.array(tie('event'), { maxLength: 2 })),
}));

const literal = fc.stringMatching(/^[abAB.]{1,3}$/);
const matcher: fc.Arbitrary<Json> = fc.oneof(
  scalar,
  literal.map((t) => ({ prefix: t })),
  literal.map((t) => ({ suffix: { 'equals-ignore-case': t } })),
  literal.map((t) => ({ 'equals-ignore-case': t })),
  fc.stringMatching(/^[ab.*]{0,4}$/).map((t) => ({ wildcard: t.replace(/\*\*+/g, '*') })),
  fc.array(literal, { minLength: 1, maxLength: 2 }).map((list) => ({ 'anything-but': list })),
  literal.map((t) => ({ 'anything-but': { prefix: t } })),
  fc.integer({ min: -3, max: 3 }).map((n) => ({ numeric: ['>=', n, '<', n + 2] })),
  fc.boolean().map((exists) => ({ exists })),
);

const { pattern } = fc.letrec<{ pattern: Record<string, Json>; field: Json }>((tie) => ({
  pattern: fc.tuple(record(tie('field')), fc.option(fc.array(tie('pattern'), { minLength: 2, maxLength: 2 }), { freq: 4 })).map(([fields, or]) => (or ? { ...fields, $or: or } : fields)),
  field: fc.oneof({ depthSize: 'small' }, fc.array(matcher, { minLength: 1, maxLength: 3 }), fc.array(matcher, { minLength: 1, maxLength: 3 }), tie('pattern')),
}));

/** Escapes a value for a wildcard that must match it exactly. */
const wildcardLiteral = (value: string) => value.replace(/[\\*]/g, '\\$&');

/** A matcher that accepts `value`, chosen by `pick`. */
function acceptingMatcher(value: Json, pick: number): Json {
  if (typeof value === 'string') {
    const half = Math.floor(value.length / 2);
    const options: Json[] = [
      value,
      { prefix: value.slice(0, half) },
      { suffix: value.slice(half) },
      { prefix: { 'equals-ignore-case': value.slice(0, half).toUpperCase() } },
      { 'equals-ignore-case': value.toLowerCase() },
      { wildcard: `${wildcardLiteral(value.slice(0, half))}*` },
      { wildcard: wildcardLiteral(value) },
      { 'anything-but': `${value}-not` },
      { 'anything-but': { suffix: `${value}-not` } },
      { exists: true },
    ];
    return options[pick % options.length] as Json;
  }
  if (typeof value === 'number') {
    const options: Json[] = [value, { numeric: ['=', value] }, { numeric: ['>=', value, '<=', value + 1] }, { 'anything-but': value + 1 }, { exists: true }];
    return options[pick % options.length] as Json;
  }
  return pick % 2 === 0 ? value : { exists: true };
}

/** A pattern that `event` matches, naming some of its fields (`picks` choose which, and how to match them). */
function patternFrom(source: Record<string, Json>, picks: number[]): Record<string, Json> | undefined {
  let next = 0;
  const pick = () => picks[next++ % picks.length] ?? 0;
  const build = (object: Record<string, Json>): Record<string, Json> | undefined => {
    const entries: [string, Json][] = [];
    for (const [key, value] of Object.entries(object)) {
      if (key === '$or' || pick() % 3 === 0) continue;
      const objects = (Array.isArray(value) ? value : [value]).filter((v): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v));
      const scalars = (Array.isArray(value) ? value : [value]).filter((v) => v === null || typeof v !== 'object');
      if (objects.length > 0 && scalars.length === 0) {
        const inner = build(objects[pick() % objects.length] as Record<string, Json>);
        if (inner) entries.push([key, inner]);
      } else if (scalars.length > 0) {
        entries.push([key, [acceptingMatcher(scalars[pick() % scalars.length] as Json, pick())]]);
      } else {
        entries.push([key, [{ exists: false }]]);
      }
    }
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  return build(source);
}

const PARAMETERS = { numRuns: 500 };

describe('event pattern properties', () => {
  it('an event matches every pattern built from its own values', () => {
    fc.assert(
      fc.property(event, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (e, picks) => {
        const built = patternFrom(e, picks);
        fc.pre(built !== undefined);
        expect(matchesPattern(compileEventPattern(built), e)).toBe(true);
      }),
      PARAMETERS,
    );
  });

  it('matching never throws, on any JSON event, and explaining agrees with matching', () => {
    fc.assert(
      fc.property(pattern, fc.oneof(event, fc.jsonValue()), (p, e) => {
        const compiled = compileEventPattern(p);
        expect(explainMatch(compiled, e).matched).toBe(matchesPattern(compiled, e));
      }),
      PARAMETERS,
    );
  });

  it('parsing never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), pattern, fc.anything()), (p) => {
        expect(typeof parseEventPattern(p).ok).toBe('boolean');
      }),
      PARAMETERS,
    );
  });

  // EventBridge wants at least two alternatives, so the one-alternative identity is written with the same one twice.
  it('$or: [p, p] matches what p matches', () => {
    fc.assert(
      fc.property(pattern, event, (p, e) => {
        expect(matchesPattern(compileEventPattern({ $or: [p, p] }), e)).toBe(matchesPattern(compileEventPattern(p), e));
      }),
      PARAMETERS,
    );
  });

  it('$or: [p, q] matches what p or q matches, at the top and inside a field', () => {
    fc.assert(
      fc.property(pattern, pattern, event, (p, q, e) => {
        const either = matchesPattern(compileEventPattern(p), e) || matchesPattern(compileEventPattern(q), e);
        expect(matchesPattern(compileEventPattern({ $or: [p, q] }), e)).toBe(either);
        const nested = { x: e };
        const inField = matchesPattern(compileEventPattern({ x: p }), nested) || matchesPattern(compileEventPattern({ x: q }), nested);
        expect(matchesPattern(compileEventPattern({ x: { $or: [p, q] } }), nested)).toBe(inField);
      }),
      PARAMETERS,
    );
  });

  it('a leaf lists alternatives: [m1, m2] matches what [m1] or [m2] matches', () => {
    fc.assert(
      fc.property(name, matcher, matcher, event, (field, m1, m2, e) => {
        const one = (matchers: Json[]) => matchesPattern(compileEventPattern({ [field]: matchers }), e);
        expect(one([m1, m2])).toBe(one([m1]) || one([m2]));
      }),
      PARAMETERS,
    );
  });

  it('exists: false matches exactly where exists: true does not', () => {
    fc.assert(
      fc.property(name, event, (field, e) => {
        const exists = (value: boolean) => matchesPattern(compileEventPattern({ [field]: [{ exists: value }] }), e);
        expect(exists(false)).toBe(!exists(true));
      }),
      PARAMETERS,
    );
  });

  it('on one value that is there, anything-but v matches exactly where v does not', () => {
    fc.assert(
      fc.property(name, fc.oneof(text, fc.integer({ min: -3, max: 3 })), fc.oneof(text, fc.integer({ min: -3, max: 3 })), (field, v, held) => {
        const e = { [field]: held };
        const plain = matchesPattern(compileEventPattern({ [field]: [v] }), e);
        expect(matchesPattern(compileEventPattern({ [field]: [{ 'anything-but': v }] }), e)).toBe(!plain);
      }),
      PARAMETERS,
    );
  });
});
