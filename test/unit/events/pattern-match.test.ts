import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../src/events/pattern/evaluate.js';
import { compileEventPattern } from '../../../src/events/pattern/parse-pattern.js';

const ended = {
  version: '0',
  id: 'store:12:task-4-ended-0',
  'detail-type': 'Task Ended',
  source: 'spawn-slurm.local',
  account: '',
  time: '2026-12-02T05:10:11Z',
  region: '',
  resources: [],
  detail: { jobId: 12, arrayTaskId: 5, name: 'Sweep-A', state: 'FAILED', exitCode: '3:0', reason: null, elapsedSeconds: 300, nodeList: 'vm', tags: ['gpu', 'big'] },
};

const withDetail = (detail: Record<string, unknown>) => ({ ...ended, detail: { ...ended.detail, ...detail } });

// [what, pattern, event, matches]
const CASES: [string, Record<string, unknown>, unknown, boolean][] = [
  // exact values
  ['an exact string', { source: ['spawn-slurm.local'] }, ended, true],
  ['one of several strings', { detail: { state: ['COMPLETED', 'FAILED'] } }, ended, true],
  ['strings are case-sensitive', { detail: { state: ['failed'] } }, ended, false],
  ['a number', { detail: { jobId: [12] } }, ended, true],
  ['numbers compare as numbers: 300 matches 300.0 and 3e2', { detail: { elapsedSeconds: [300.0, 3e2] } }, withDetail({ elapsedSeconds: 300 }), true],
  ['a number does not match the same digits as a string', { detail: { jobId: ['12'] } }, ended, false],
  ['a string does not match the same digits as a number', { detail: { exitCode: [3] } }, withDetail({ exitCode: '3' }), false],
  ['null matches null', { detail: { reason: [null] } }, ended, true],
  ['null does not match a missing field', { detail: { missing: [null] } }, ended, false],
  ['null and the empty string differ', { detail: { reason: [''] } }, ended, false],
  ['true and false', { detail: { ok: [true] } }, withDetail({ ok: true }), true],
  ['false is not true', { detail: { ok: [true] } }, withDetail({ ok: false }), false],
  ['every field must match', { source: ['spawn-slurm.local'], detail: { state: ['COMPLETED'] } }, ended, false],
  ['fields the pattern does not name are ignored', { 'detail-type': ['Task Ended'] }, ended, true],
  ['a field missing from the event fails', { detail: { partition: ['gpu'] } }, ended, false],
  // arrays in the event
  ['an array matches when any element does', { detail: { tags: ['big'] } }, ended, true],
  ['an array with no matching element fails', { detail: { tags: ['small'] } }, ended, false],
  ['an empty array holds no value', { resources: ['x'] }, ended, false],
  ['nested arrays offer their elements too', { detail: { tags: ['deep'] } }, withDetail({ tags: [['deep']] }), true],
  // prefix, suffix, equals-ignore-case, wildcard
  ['prefix', { source: [{ prefix: 'spawn-slurm.' }] }, ended, true],
  ['prefix is case-sensitive', { source: [{ prefix: 'Spawn' }] }, ended, false],
  ['prefix ignoring case', { source: [{ prefix: { 'equals-ignore-case': 'SPAWN-SLURM.' } }] }, ended, true],
  ['prefix only matches strings', { detail: { jobId: [{ prefix: '1' }] } }, ended, false],
  ['the empty prefix matches any string', { detail: { name: [{ prefix: '' }] } }, ended, true],
  ['suffix', { source: [{ suffix: '.local' }] }, ended, true],
  ['suffix ignoring case', { detail: { name: [{ suffix: { 'equals-ignore-case': '-a' } }] } }, ended, true],
  ['suffix that does not fit', { source: [{ suffix: '.ec2' }] }, ended, false],
  ['equals-ignore-case', { detail: { state: [{ 'equals-ignore-case': 'failed' }] } }, ended, true],
  ['equals-ignore-case is still whole-value', { detail: { state: [{ 'equals-ignore-case': 'fail' }] } }, ended, false],
  ['wildcard', { detail: { name: [{ wildcard: 'Sweep-*' }] } }, ended, true],
  ['wildcard in the middle', { id: [{ wildcard: 'store:*:task-*-ended-0' }] }, ended, true],
  ['wildcard * matches nothing too', { detail: { name: [{ wildcard: 'Sweep-A*' }] } }, ended, true],
  ['wildcard matches the whole value', { detail: { name: [{ wildcard: 'Sweep' }] } }, ended, false],
  ['an escaped * is literal', { detail: { name: [{ wildcard: 'a\\*b' }] } }, withDetail({ name: 'a*b' }), true],
  ['an escaped * does not stand for anything', { detail: { name: [{ wildcard: 'a\\*b' }] } }, withDetail({ name: 'axb' }), false],
  ['regular-expression characters are literal', { detail: { name: [{ wildcard: 'a.b*' }] } }, withDetail({ name: 'axb' }), false],
  // anything-but
  ['anything-but a string', { detail: { state: [{ 'anything-but': 'COMPLETED' }] } }, ended, true],
  ['anything-but the value itself', { detail: { state: [{ 'anything-but': 'FAILED' }] } }, ended, false],
  ['anything-but a list', { detail: { state: [{ 'anything-but': ['COMPLETED', 'FAILED'] }] } }, ended, false],
  ['anything-but a list, another value', { detail: { state: [{ 'anything-but': ['COMPLETED', 'CANCELLED'] }] } }, ended, true],
  ['anything-but numbers', { detail: { jobId: [{ 'anything-but': [11, 12] }] } }, ended, false],
  ['anything-but numbers compares numbers', { detail: { jobId: [{ 'anything-but': [12.0] }] } }, withDetail({ jobId: 12 }), false],
  ['anything-but does not match a missing field', { detail: { partition: [{ 'anything-but': 'gpu' }] } }, ended, false],
  ['anything-but matches null (it is a value)', { detail: { reason: [{ 'anything-but': 'TimeLimit' }] } }, ended, true],
  ['anything-but on an array: some element is not excluded', { detail: { tags: [{ 'anything-but': 'gpu' }] } }, ended, true],
  ['anything-but on an array: every element is excluded', { detail: { tags: [{ 'anything-but': ['gpu', 'big'] }] } }, ended, false],
  ['anything-but a prefix', { source: [{ 'anything-but': { prefix: 'aws.' } }] }, ended, true],
  ['anything-but a prefix that fits', { source: [{ 'anything-but': { prefix: 'spawn-' } }] }, ended, false],
  ['anything-but a list of prefixes', { source: [{ 'anything-but': { prefix: ['aws.', 'spawn-'] } }] }, ended, false],
  ['anything-but a suffix', { source: [{ 'anything-but': { suffix: '.ec2' } }] }, ended, true],
  ['anything-but ignoring case', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'failed' } }] } }, ended, false],
  ['anything-but ignoring case, another value', { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['completed'] } }] } }, ended, true],
  ['anything-but a wildcard', { detail: { name: [{ 'anything-but': { wildcard: 'Sweep-*' } }] } }, ended, false],
  ['anything-but a prefix accepts a number', { detail: { jobId: [{ 'anything-but': { prefix: '1' } }] } }, ended, true],
  // numeric
  ['numeric range', { detail: { elapsedSeconds: [{ numeric: ['>', 0, '<=', 300] }] } }, ended, true],
  ['numeric upper bound excluded', { detail: { elapsedSeconds: [{ numeric: ['>', 0, '<', 300] }] } }, ended, false],
  ['numeric lower bound included', { detail: { elapsedSeconds: [{ numeric: ['>=', 300] }] } }, ended, true],
  ['numeric lower bound excluded', { detail: { elapsedSeconds: [{ numeric: ['>', 300] }] } }, ended, false],
  ['numeric equals', { detail: { elapsedSeconds: [{ numeric: ['=', 3.0e2] }] } }, ended, true],
  ['numeric less than', { detail: { arrayTaskId: [{ numeric: ['<', 10] }] } }, ended, true],
  ['numeric on a string value does not match', { detail: { exitCode: [{ numeric: ['>', 0] }] } }, withDetail({ exitCode: '3' }), false],
  ['numeric on null does not match', { detail: { reason: [{ numeric: ['>', 0] }] } }, ended, false],
  ['numeric on an array of numbers', { detail: { sizes: [{ numeric: ['>', 10] }] } }, withDetail({ sizes: [1, 20] }), true],
  ['numeric beyond the numbers EventBridge compares', { detail: { big: [{ numeric: ['>', 0] }] } }, withDetail({ big: 6e9 }), false],
  // exists
  ['exists true', { detail: { exitCode: [{ exists: true }] } }, ended, true],
  ['exists true on null: null is a value', { detail: { reason: [{ exists: true }] } }, ended, true],
  ['exists true on a missing field', { detail: { partition: [{ exists: true }] } }, ended, false],
  ['exists false on a missing field', { detail: { partition: [{ exists: false }] } }, ended, true],
  ['exists false on a present field', { detail: { state: [{ exists: false }] } }, ended, false],
  ['exists false on an object: not a leaf', { detail: { sub: [{ exists: false }] } }, withDetail({ sub: { c1: 100 } }), true],
  ['exists true on an object: not a leaf', { detail: { sub: [{ exists: true }] } }, withDetail({ sub: { c1: 100 } }), false],
  ['exists false on an empty array', { resources: [{ exists: false }] }, ended, true],
  ['exists false under a missing object', { detail: { deeper: { x: [{ exists: false }] } } }, ended, true],
  ['exists false or a value', { detail: { partition: [{ exists: false }, 'gpu'] } }, ended, true],
  // cidr
  ['cidr IPv4', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, withDetail({ ip: '10.0.0.33' }), true],
  ['cidr IPv4 outside', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, withDetail({ ip: '10.0.1.1' }), false],
  ['cidr /0 holds every IPv4 address', { detail: { ip: [{ cidr: '0.0.0.0/0' }] } }, withDetail({ ip: '192.168.7.1' }), true],
  ['cidr IPv6', { detail: { ip: [{ cidr: '2001:db8::/32' }] } }, withDetail({ ip: '2001:db8:0:1::5' }), true],
  ['cidr IPv6 outside', { detail: { ip: [{ cidr: '2001:db8::/32' }] } }, withDetail({ ip: '2001:db9::1' }), false],
  ['cidr IPv6 with an IPv4 tail', { detail: { ip: [{ cidr: '::ffff:10.0.0.0/120' }] } }, withDetail({ ip: '::ffff:10.0.0.7' }), true],
  ['cidr does not match another family', { detail: { ip: [{ cidr: '10.0.0.0/8' }] } }, withDetail({ ip: '::1' }), false],
  ['cidr does not match a non-address', { detail: { ip: [{ cidr: '10.0.0.0/8' }] } }, withDetail({ ip: '10.0.0' }), false],
  // nesting and $or
  ['a nested pattern object matches the object there', { detail: { sub: { a: [1] } } }, withDetail({ sub: { a: 1 } }), true],
  ['a nested pattern object against a scalar fails', { detail: { sub: { a: [1] } } }, withDetail({ sub: 'a' }), false],
  ['an array of objects: one element matches', { detail: { items: { name: ['b'] } } }, withDetail({ items: [{ name: 'a' }, { name: 'b' }] }), true],
  [
    'an array of objects: fields from different elements do not combine',
    { detail: { items: { name: ['a'], size: [2] } } },
    withDetail({
      items: [
        { name: 'a', size: 1 },
        { name: 'b', size: 2 },
      ],
    }),
    false,
  ],
  ['$or: one alternative matches', { $or: [{ source: ['nope'] }, { detail: { state: ['FAILED'] } }] }, ended, true],
  ['$or: no alternative matches', { $or: [{ source: ['nope'] }, { detail: { state: ['COMPLETED'] } }] }, ended, false],
  ['$or and fields beside it', { source: ['spawn-slurm.local'], $or: [{ detail: { state: ['FAILED'] } }, { detail: { state: ['TIMEOUT'] } }] }, ended, true],
  ['$or fails the fields beside it', { source: ['nope'], $or: [{ detail: { state: ['FAILED'] } }, { detail: { state: ['TIMEOUT'] } }] }, ended, false],
  ['$or nested in a field', { detail: { $or: [{ state: ['COMPLETED'] }, { exitCode: [{ prefix: '3:' }] }] } }, ended, true],
  ['$or nested in $or', { $or: [{ source: ['nope'] }, { detail: { $or: [{ state: ['TIMEOUT'] }, { name: [{ 'equals-ignore-case': 'sweep-a' }] }] } }] }, ended, true],
  ['$or alternatives with several fields', { detail: { $or: [{ state: ['FAILED'], exitCode: ['0:9'] }, { state: ['TIMEOUT'] }] } }, ended, false],
  // fields that only look special
  ['an inherited name is not a field', { detail: { constructor: [{ exists: true }] } }, ended, false],
  ['__proto__ as a field of the event', { detail: { __proto__x: ['y'] } }, withDetail({ __proto__x: 'y' }), true],
  // events that are not objects
  ['an event that is not an object matches only absences', { detail: { x: [{ exists: false }] } }, 'not an event', true],
  ['an event that is not an object fails a value', { source: ['x'] }, [1, 2], false],
];

describe('matchesPattern', () => {
  it.each(CASES)('%s', (_what, pattern, event, expected) => {
    expect(matchesPattern(compileEventPattern(pattern), event)).toBe(expected);
  });
});
