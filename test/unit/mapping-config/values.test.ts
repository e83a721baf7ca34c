import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketNameProblem, parseDurationMinutes, parseInstanceTypeSelector, parsePercentFraction, parseSizeMiB } from '../../../src/mapping/config/values.js';

describe('durations', () => {
  it('add up their parts in minutes', () => {
    const amount = fc.integer({ min: 0, max: 1000 });
    fc.assert(
      fc.property(amount, amount, amount, amount, (d, h, m, s) => {
        expect(parseDurationMinutes(`${d}d${h}h${m}m${s}s`)).toBeCloseTo(d * 1440 + h * 60 + m + s / 60, 9);
      }),
    );
  });

  it.each(['', '30', 'm', '1m1h', '1h1h', '-5m', '1.m', '1 h', '1w', '30min'])('refuse %j', (text) => {
    expect(parseDurationMinutes(text)).toBeUndefined();
  });
});

describe('sizes', () => {
  it.each([
    ['K', 1 / 1024],
    ['M', 1],
    ['G', 1024],
    ['T', 1024 * 1024],
  ])('read %s as binary, in MiB, with or without iB', (unit, mib) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        expect(parseSizeMiB(`${n}${unit}`)).toBeCloseTo(n * mib, 9);
        expect(parseSizeMiB(`${n}${unit}iB`)).toBeCloseTo(n * mib, 9);
      }),
    );
  });

  it.each(['1GB', '512MB', '1', '1 G', 'G', '1Gi', '1gib', '-1G'])('refuse %j', (text) => {
    expect(parseSizeMiB(text)).toBeUndefined();
  });
});

describe('percentages', () => {
  it('become fractions', () => {
    expect(parsePercentFraction('10%')).toBe(0.1);
    expect(parsePercentFraction('2.5%')).toBe(0.025);
    expect(parsePercentFraction('10')).toBeUndefined();
    expect(parsePercentFraction('%')).toBeUndefined();
  });
});

describe('instance types', () => {
  it.each([
    ['c7i.4xlarge', { kind: 'type', type: 'c7i.4xlarge' }],
    ['u-6tb1.metal', { kind: 'type', type: 'u-6tb1.metal' }],
    ['c7i.metal-24xl', { kind: 'type', type: 'c7i.metal-24xl' }],
    ['c7i', { kind: 'family', family: 'c7i' }],
    ['c7i.*', { kind: 'family', family: 'c7i' }],
    ['p6-b200', { kind: 'family', family: 'p6-b200' }],
    ['c7i-flex.*', { kind: 'family', family: 'c7i-flex' }],
  ])('%s', (text, selector) => {
    expect(parseInstanceTypeSelector(text)).toEqual(selector);
  });

  it.each(['C7i.large', 'c7i.', '.large', 'c7i.large.x', 'c7i.*xlarge', '7c.large', ''])('refuse %j', (text) => {
    expect(parseInstanceTypeSelector(text)).toBeUndefined();
  });
});

describe('S3 bucket names', () => {
  it.each(['my-bucket', 'abc', 'logs.example.com', 'a'.repeat(63), '1-2-3'])('accept %s', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });

  it.each([
    'ab',
    'a'.repeat(64),
    'My-Bucket',
    'my_bucket',
    '-bucket',
    'bucket-',
    'my..bucket',
    '192.168.5.4',
    'xn--bucket',
    'sthree-bucket',
    'bucket-s3alias',
    'bucket--ol-s3',
    'bucket.mrap',
    's3://bucket',
  ])('refuse %s', (name) => {
    expect(bucketNameProblem(name)).toBeDefined();
  });
});
