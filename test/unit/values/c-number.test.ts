import { describe, expect, it } from 'vitest';
import { cAtoi, isWhitespaceOnly, scanCInteger, scanfInts, strtok, toInt32, utf8Length } from '../../../src/parser/values/c-number.js';

describe('scanCInteger (strtol/strtoul)', () => {
  it('skips blanks, takes a sign and stops at the first non-digit', () => {
    expect(scanCInteger('  -42x')).toEqual({ value: -42n, end: 5, digits: true, overflow: false });
    expect(scanCInteger('+7')).toMatchObject({ value: 7n, end: 2 });
  });

  it('leaves the end where it started when there are no digits', () => {
    expect(scanCInteger('  -x', 0)).toEqual({ value: 0n, end: 0, digits: false, overflow: false });
    expect(scanCInteger('ab', 1)).toMatchObject({ end: 1, digits: false });
  });

  it('saturates like glibc', () => {
    expect(scanCInteger('99999999999999999999')).toMatchObject({ value: 2n ** 63n - 1n, overflow: true });
    expect(scanCInteger('-99999999999999999999')).toMatchObject({ value: -(2n ** 63n), overflow: true });
    expect(scanCInteger('9223372036854775807')).toMatchObject({ overflow: false });
  });

  it('wraps negative values for strtoul and honours base 0 and 16', () => {
    expect(scanCInteger('-5', 0, { unsigned: true }).value).toBe(2n ** 64n - 5n);
    expect(scanCInteger('0x1f', 0, { base: 0 }).value).toBe(31n);
    expect(scanCInteger('017', 0, { base: 0 }).value).toBe(15n);
    expect(scanCInteger('0x', 0, { base: 16 })).toMatchObject({ value: 0n, end: 1 });
    expect(scanCInteger('ff', 0, { base: 16 }).value).toBe(255n);
  });
});

describe('C conversions', () => {
  it('truncate to int like a cast', () => {
    expect(toInt32(4294967297n)).toBe(1);
    expect(toInt32(2147483648n)).toBe(-2147483648);
    expect(cAtoi('12abc')).toBe(12);
    expect(cAtoi('x')).toBe(0);
  });

  it('scan %d conversions until the format stops matching', () => {
    expect(scanfInts('1-2:30:15', ['-', ':', ':'])).toEqual([1, 2, 30, 15]);
    expect(scanfInts('2-', ['-', ':', ':'])).toEqual([2]);
    expect(scanfInts('99999999999', [':'])).toEqual([1215752191]);
  });

  it('split like strtok and measure like strlen', () => {
    expect(strtok(',a,,bc,', ',')).toEqual([
      { token: 'a', start: 1 },
      { token: 'bc', start: 4 },
    ]);
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(isWhitespaceOnly(' \t')).toBe(true);
    expect(isWhitespaceOnly('')).toBe(true);
    expect(isWhitespaceOnly(' x')).toBe(false);
  });
});
