import { describe, expect, it } from 'vitest';
import {
  parseCoreSpec,
  parseDelayBoot,
  parseMemUpdate,
  parseNice,
  parsePriority,
  parseResvPorts,
  parseSegment,
  parseSwitches,
  parseThreadSpec,
} from '../../../src/parser/values/scheduling.js';
import { accepted, noteCodes, refused } from './helpers.js';

describe('parseNice', () => {
  it.each([
    // oracle/scontrol-samples/nice_10.sbatch (Nice=10); observed on Slurm 22.05.8
    ['10', 10],
    [undefined, 100],
    ['', 100],
    ['abc', 0],
    ['10x', 10],
    ['2147483645', 2147483645],
    ['-2147483645', -2147483645],
    [' 7', 7],
    ['-9999999999999999999999', 0],
  ])('--nice=%s is Nice=%d', (value, nice) => {
    expect(accepted(parseNice(value))).toBe(nice);
  });

  it('refuses values beyond ±2147483645', () => {
    expect(refused(parseNice('2147483646'), 'invalid-nice').message).toContain('Invalid --nice value, out of range (+/- 2147483645)');
    refused(parseNice('-2147483646'), 'invalid-nice');
  });

  it('warns about junk and about negative values ordinary users may not use', () => {
    expect(noteCodes(parseNice('abc'))).toEqual(['number-prefix-only']);
    // observed on Slurm 22.05.8 as user nobody: "Batch job submission failed: Invalid --nice value"
    expect(noteCodes(parseNice('-5'))).toEqual(['negative-nice']);
    expect(noteCodes(parseNice('5'))).toEqual([]);
  });
});

describe('parsePriority', () => {
  it('reads a number or TOP, like strtoll', () => {
    // observed on Slurm 22.05.8
    expect(accepted(parsePriority('top'))).toBe('top');
    expect(accepted(parsePriority('TOP'))).toBe('top');
    expect(accepted(parsePriority('4294967293'))).toBe(4294967293);
    expect(accepted(parsePriority('abc'))).toBe(0);
    expect(accepted(parsePriority('5x'))).toBe(5);
    expect(noteCodes(parsePriority('5x'))).toEqual(['number-prefix-only', 'priority-operator-only']);
  });

  it('refuses negative and too large priorities', () => {
    expect(refused(parsePriority('-1'), 'invalid-priority').message).toContain('Priority must be >= 0');
    expect(refused(parsePriority('4294967294'), 'invalid-priority').message).toContain('Priority must be < 4294967294');
  });
});

describe('parseSwitches', () => {
  it('reads a count and an optional wait', () => {
    // observed on Slurm 22.05.8
    expect(accepted(parseSwitches('2'))).toEqual({ count: 2, maxWaitSeconds: null });
    expect(accepted(parseSwitches('2@10'))).toEqual({ count: 2, maxWaitSeconds: 600 });
    expect(accepted(parseSwitches('2@1-0'))).toEqual({ count: 2, maxWaitSeconds: 86400 });
  });

  it('drops an unreadable wait as sbatch does, with a warning', () => {
    for (const value of ['2@abc', '2@', '2@5@6']) {
      expect(accepted(parseSwitches(value))).toEqual({ count: 2, maxWaitSeconds: null });
      expect(noteCodes(parseSwitches(value))).toEqual(['switches-wait-ignored']);
    }
  });

  it('refuses a bad count through parse_int', () => {
    expect(refused(parseSwitches('@5'), 'invalid-number').message).toContain('Invalid numeric value "" for --switches.');
    expect(refused(parseSwitches('0'), 'invalid-number').message).toContain('Invalid numeric value "0" for --switches.');
    refused(parseSwitches('x@5'), 'invalid-number');
  });
});

describe('parseDelayBoot', () => {
  it('is a duration in seconds', () => {
    expect(accepted(parseDelayBoot('10'))).toBe(600);
    refused(parseDelayBoot('abc'), 'invalid-time');
  });
});

describe('parseCoreSpec and parseThreadSpec', () => {
  it('accept 0 cores but not 0 threads', () => {
    // observed on Slurm 22.05.8
    expect(accepted(parseCoreSpec('0'))).toBe(0);
    expect(accepted(parseCoreSpec(''))).toBe(0);
    expect(accepted(parseCoreSpec('5'))).toBe(5);
    expect(accepted(parseThreadSpec('1'))).toBe(1);
    for (const value of ['0', '-1', '', 'x']) {
      expect(refused(parseThreadSpec(value), 'invalid-number').message).toContain(`Invalid numeric value "${value}" for --thread-spec.`);
    }
  });

  it('flag counts that do not fit the 15 bits Slurm keeps', () => {
    expect(noteCodes(parseCoreSpec('32768'))).toEqual(['core-spec-overflow']);
    expect(noteCodes(parseThreadSpec('65536'))).toEqual(['core-spec-overflow']);
    expect(noteCodes(parseCoreSpec('32767'))).toEqual([]);
  });
});

describe('parseSegment, parseResvPorts, parseMemUpdate', () => {
  it('read their counts', () => {
    expect(accepted(parseSegment('4'))).toBe(4);
    expect(accepted(parseSegment('0'))).toBe(0);
    for (const value of ['65534', '-1', 'x', '4x']) refused(parseSegment(value), 'invalid-segment');
    expect(accepted(parseResvPorts(undefined))).toBe(0);
    expect(accepted(parseResvPorts('3'))).toBe(3);
    expect(refused(parseResvPorts('x')).message).toContain('for --resv-port.');
    expect(accepted(parseMemUpdate('10%@60'))).toEqual({ margin: '10%', delay: '60' });
    expect(noteCodes(parseMemUpdate('10'))).toEqual(['mem-update-shape']);
  });
});
