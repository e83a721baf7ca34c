import { describe, expect, it } from 'vitest';
import { parseEventPattern } from '../../../src/events/pattern/parse-pattern.js';
import { formatPatternProblem } from '../../../src/events/pattern/problems.js';

function problems(pattern: unknown): string[] {
  const parsed = parseEventPattern(pattern);
  return parsed.ok ? [] : parsed.problems.map(formatPatternProblem);
}

describe('parseEventPattern', () => {
  it('accepts every matcher EventBridge documents', () => {
    const pattern = {
      source: ['spawn-slurm.local', 5, true, null],
      detail: {
        a: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'x' } }, { suffix: 'y' }, { suffix: { 'equals-ignore-case': 'y' } }],
        b: [{ 'equals-ignore-case': 'z' }, { wildcard: 'a*b\\*c\\\\' }],
        c: [{ 'anything-but': 'x' }, { 'anything-but': 5 }, { 'anything-but': ['x', 'y'] }, { 'anything-but': [1, 2] }],
        d: [{ 'anything-but': { prefix: 'x' } }, { 'anything-but': { suffix: ['x', 'y'] } }, { 'anything-but': { 'equals-ignore-case': 'x' } }, { 'anything-but': { wildcard: '*x' } }],
        e: [{ numeric: ['>', 0, '<=', 5] }, { numeric: ['>=', -1.5] }, { numeric: ['<', 10] }, { numeric: ['<=', 10] }, { numeric: ['=', 3.018e2] }],
        f: [{ exists: true }, { exists: false }, { cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }],
        $or: [{ g: ['1'] }, { h: { i: ['2'] } }],
      },
    };
    expect(problems(pattern)).toEqual([]);
  });

  it.each([
    ['not an object', ['x'], 'the pattern: a pattern must be an object of event fields'],
    ['an empty pattern', {}, 'the pattern: an object in a pattern must name at least one field'],
    ['a scalar leaf', { detail: { state: 'FAILED' } }, "detail.state: a pattern's leaf must be an array of values or matchers"],
    ['a null leaf', { detail: { state: null } }, "detail.state: a pattern's leaf must be an array of values or matchers"],
    ['an empty leaf', { source: [] }, "source: a pattern's leaf must list at least one value or matcher"],
    ['an empty object', { detail: {} }, 'detail: an object in a pattern must name at least one field'],
    ['a list in a leaf', { source: [['a']] }, 'source[0]: a leaf lists strings, numbers, true, false, null and matcher objects, not a list'],
    ['an empty matcher', { source: [{}] }, 'source[0]: an empty object is not a matcher'],
    ['two operators in one matcher', { source: [{ prefix: 'a', suffix: 'b' }] }, 'source[0]: a matcher holds one operator, not 2 (prefix, suffix)'],
    ['an unknown matcher', { source: [{ prefx: 'a' }] }, 'source[0]: "prefx" is not a matcher; did you mean "prefix"?'],
    ['prefix of a number', { source: [{ prefix: 5 }] }, 'source[0].prefix: prefix takes a string'],
    ['prefix with another option', { source: [{ prefix: { wildcard: 'a' } }] }, 'source[0].prefix: prefix takes a string, or {"equals-ignore-case": "..."}'],
    ['equals-ignore-case of a number', { source: [{ 'equals-ignore-case': 5 }] }, 'source[0].equals-ignore-case: equals-ignore-case takes a string'],
    ['two stars in a row', { source: [{ wildcard: 'a**b' }] }, 'source[0].wildcard: the wildcard "a**b" is not valid: two "*" in a row (at character 3)'],
    ['a stray backslash', { source: [{ wildcard: 'a\\b' }] }, 'may only escape "*" or "\\"'],
    ['anything-but mixing types', { source: [{ 'anything-but': ['a', 1] }] }, 'source[0].anything-but: anything-but takes a string, a number, a list of strings or a list of numbers'],
    ['anything-but an empty list', { source: [{ 'anything-but': [] }] }, 'source[0].anything-but: anything-but takes'],
    ['anything-but null', { source: [{ 'anything-but': null }] }, 'source[0].anything-but: anything-but takes'],
    ['anything-but numeric', { source: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'source[0].anything-but: anything-but takes one of prefix, suffix, equals-ignore-case, wildcard'],
    ['anything-but an empty prefix', { source: [{ 'anything-but': { prefix: '' } }] }, 'source[0].anything-but.prefix: an empty prefix inside anything-but would exclude every string'],
    ['anything-but prefix of a number', { source: [{ 'anything-but': { prefix: [1] } }] }, 'inside anything-but, prefix takes a string or a list of strings'],
    ['anything-but a number beyond the range', { source: [{ 'anything-but': [1, 6e9] }] }, 'source[0].anything-but[1]: 6000000000 is outside the numbers EventBridge compares'],
    ['numeric not a list', { n: [{ numeric: 5 }] }, 'n[0].numeric: numeric takes a list like'],
    ['numeric unknown operator', { n: [{ numeric: ['!=', 5] }] }, 'n[0].numeric: "!=" is not a numeric operator'],
    ['numeric bound a string', { n: [{ numeric: ['>', '5'] }] }, 'n[0].numeric: ">" must be followed by a number, not "5"'],
    ['numeric upper then lower', { n: [{ numeric: ['<', 5, '>', 1] }] }, 'put a lower bound first'],
    ['numeric two lower bounds', { n: [{ numeric: ['>', 1, '>', 5] }] }, 'after a lower bound comes "<" or "<="'],
    ['numeric empty range', { n: [{ numeric: ['>', 5, '<', 5] }] }, 'the lower bound 5 must be less than the upper bound 5'],
    ['numeric too many terms', { n: [{ numeric: ['>', 1, '<', 5, '<', 6] }] }, 'numeric takes at most two comparisons'],
    ['numeric too precise', { n: [{ numeric: ['>', 0.0000001] }] }, 'more than 6 decimal places'],
    ['numeric too large', { n: [{ numeric: ['<', 1e10] }] }, 'outside the numbers EventBridge compares'],
    ['exists of a string', { n: [{ exists: 'true' }] }, 'n[0].exists: exists takes true or false, not "true"'],
    ['cidr without a mask', { ip: [{ cidr: '10.0.0.1' }] }, 'ip[0].cidr: "10.0.0.1" is not a network like 10.0.0.0/24: it needs exactly one "/"'],
    ['cidr with a bad address', { ip: [{ cidr: '10.0.0.256/24' }] }, 'ip[0].cidr: "10.0.0.256" is not an IPv4 or IPv6 address'],
    ['cidr with a long mask', { ip: [{ cidr: '10.0.0.0/33' }] }, 'ip[0].cidr: "/33" is not a prefix length: IPv4 takes 0 to 32'],
    ['$or with one alternative', { $or: [{ a: ['1'] }] }, '$or: $or must be a list of at least two patterns'],
    ['$or not a list', { $or: { a: ['1'] } }, '$or: $or must be a list of at least two patterns'],
    ['$or of a scalar', { $or: [{ a: ['1'] }, 'b'] }, '$or[1]: an alternative of $or must be an object of event fields'],
    ['$or with an empty alternative', { $or: [{ a: ['1'] }, {}] }, '$or[1]: an object in a pattern must name at least one field'],
    ['a matcher name as a field inside $or', { $or: [{ prefix: ['1'] }, { a: ['2'] }] }, '$or[0].prefix: "prefix" is a name EventBridge keeps for matchers'],
    ['a reserved word inside $or', { $or: [{ regex: ['1'] }, { a: ['2'] }] }, '$or[0].regex: "regex" is a name EventBridge keeps for matchers'],
    ['a matcher name deep inside $or', { $or: [{ a: { numeric: ['1'] } }, { a: ['2'] }] }, '$or[0].a.numeric: "numeric" is a name EventBridge keeps for matchers'],
    ['a number JSON cannot hold', { n: [Number.POSITIVE_INFINITY] }, 'n[0]: Infinity is not a number JSON can hold'],
    ['an odd field name', { detail: { 'a.b': 'x' } }, 'detail["a.b"]: a pattern\'s leaf must be'],
  ])('%s', (_what, pattern, expected) => {
    expect(problems(pattern).join('\n')).toContain(expected);
  });

  it('a matcher name is an ordinary field outside $or', () => {
    expect(problems({ detail: { prefix: ['x'] } })).toEqual([]);
  });

  it('reports every problem, not only the first', () => {
    expect(problems({ source: 'x', detail: { state: [], exitCode: [{ numeric: ['>', 'a'] }] } })).toHaveLength(3);
  });

  it('hints at the fix', () => {
    const parsed = parseEventPattern({ detail: { state: 'FAILED' } });
    expect(parsed.ok ? undefined : parsed.problems[0]?.hint).toBe('write "state": ["FAILED"] (the list holds the values that match)');
  });
});
