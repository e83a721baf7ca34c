import { describe, expect, it } from 'vitest';
import { formatMemorySize, parseMemorySize } from '../../../src/parser/values/memory.js';
import { accepted, noteCodes, refused } from './helpers.js';

/** What scontrol prints as MinMemoryNode for `--mem=<value>`. */
const shown = (value: string) => formatMemorySize(accepted(parseMemorySize(value, 'mem')));

describe('parseMemorySize (str_to_mbytes)', () => {
  it.each([
    // slurm-semantics.md §3.2 [V]
    ['100', 100],
    ['100M', 100],
    ['100m', 100],
    ['100MB', 100],
    ['1G', 1024],
    ['1g', 1024],
    ['1GB', 1024],
    ['1gb', 1024],
    ['1024K', 1],
    ['1025K', 2],
    ['1k', 1],
    ['1T', 1024 * 1024],
    ['0', 0],
  ])('--mem=%s is %d MiB', (value, mib) => {
    expect(accepted(parseMemorySize(value, 'mem'))).toBe(mib);
  });

  it.each([
    // §3.2 [V] and oracle/sbatch-cli bad_mem_unit, bad_mem_neg, mem_fraction
    '1.5G',
    '1.5',
    '-1',
    '1P',
    '100MiB',
    '100x',
    '12Q',
    '-1G',
    // observed on Slurm 22.05.8
    '5B',
    '5 ',
    '0x10',
    '1e3',
    '',
    '9223372036854775808',
  ])('refuses --mem=%s with "Invalid --mem specification"', (value) => {
    expect(refused(parseMemorySize(value, 'mem'), 'invalid-memory').message).toContain('Invalid --mem specification');
  });

  it('names the option it parses in the message', () => {
    expect(refused(parseMemorySize('1.5G', 'mem-per-cpu')).message).toContain('Invalid --mem-per-cpu specification');
    expect(refused(parseMemorySize('x', 'tmp')).message).toContain('Invalid --tmp specification');
  });

  it.each([
    // observed on Slurm 22.05.8 (MinMemoryNode=)
    [' 5', '5M'],
    ['+5', '5M'],
    ['-0', '0'],
    ['5MB', '5M'],
    ['5Mb', '5M'],
    ['5mB', '5M'],
    ['0K', '0'],
    ['2g', '2G'],
    ['1536', '1.50G'],
    ['1048576', '1T'],
    ['1073741824', '1P'],
    ['1099511627776', '1?'],
    ['9223372036854775807', '8?'],
  ])('--mem=%s shows as %s', (value, text) => {
    expect(shown(value)).toBe(text);
  });

  it('says --mem=0 asks for the whole node', () => {
    expect(noteCodes(parseMemorySize('0', 'mem'))).toEqual(['memory-zero']);
    expect(noteCodes(parseMemorySize('0', 'mem-per-cpu'))).toEqual([]);
  });

  it('flags sizes that overflow the 64-bit field as Slurm stores them', () => {
    // observed on Slurm 22.05.8: MinMemoryCPU=1G, MinMemoryCPU=8184?, MinMemoryNode=0
    const cases: [string, RegExp][] = [
      ['9007199254740993G', /stores 1G and reads it as a per-CPU request/],
      ['9223372036854775807K', /stores 8184\? and reads it as a per-CPU request/],
      ['18014398509481984G', /stores 0\./],
      ['17592186044416T', /stores 0\./],
    ];
    for (const [value, message] of cases) {
      const result = parseMemorySize(value, 'mem');
      expect(result.ok && result.notes[0]?.code).toBe('memory-overflow');
      expect(result.ok && result.notes[0]?.message).toMatch(message);
    }
    expect(accepted(parseMemorySize('18014398509481984G'))).toBe(0);
  });
});

describe('formatMemorySize (scontrol MinMemory*)', () => {
  it.each([
    // oracle/scontrol-samples mem_*.sbatch and mem_per_cpu_256M_c2
    [500, '500M'],
    [1024, '1G'],
    [2048, '2G'],
    [0, '0'],
    [256, '256M'],
    [100000 * 1024, '100000G'],
    [24105, '24105M'],
    [2560, '2.50G'],
    [1280, '1280M'],
  ])('%d MiB prints as %s', (mib, text) => {
    expect(formatMemorySize(mib)).toBe(text);
  });
});
