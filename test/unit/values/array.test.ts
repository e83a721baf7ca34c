import { describe, expect, it } from 'vitest';
import type { ArraySpec } from '../../../src/parser/values/array.js';
import { arrayIncludes, arrayIndices, formatArrayTaskIds, parseArraySpec, parseArrayTaskIds } from '../../../src/parser/values/array.js';
import { accepted, context, noteCodes, refused } from './helpers.js';

/** The oracle cluster was recorded with MaxArraySize=100001. */
const oracle = context({ maxArraySize: 100001 });
const defaults = context();

function spec(value: string, ctx = oracle): ArraySpec {
  const result = accepted(parseArraySpec(value, ctx));
  if (!result) throw new Error(`--array=${value} is not an array`);
  return result;
}

/** scontrol's ArrayTaskId= for a held array submitted with `--array=<value>`. */
const taskIds = (value: string, ctx = oracle) => formatArrayTaskIds(spec(value, ctx));
const indices = (value: string) => [...arrayIndices(spec(value))];

describe('parseArraySpec (_valid_array_inx, _parse_array_tok)', () => {
  it('follows slurm-semantics.md §3.5 [V]', () => {
    expect(indices('3%2,5')).toEqual([3, 5]);
    expect(spec('3%2,5').maxRunning).toBe(2);
    expect(spec('1-3%0').maxRunning).toBeNull();
    expect(indices('1-3,2-4')).toEqual([1, 2, 3, 4]);
    expect(indices('[1-3]')).toEqual([1, 2, 3]);
    expect(spec('1-7:3%2')).toMatchObject({ count: 3, min: 1, max: 7, step: 3, maxRunning: 2 });
    expect(indices('1-7:3%2')).toEqual([1, 4, 7]);
  });

  it('takes indices up to MaxArraySize-1 on a real cluster', () => {
    // §3.5 [V] with the default MaxArraySize=1001; oracle/sbatch-cli ok_array_max and bad_array_too_large
    expect(spec('1000', defaults).max).toBe(1000);
    refused(parseArraySpec('1001', defaults), 'array-index-too-large');
    expect(spec('100000').max).toBe(100000);
    refused(parseArraySpec('0-100001', oracle), 'array-index-too-large');
    refused(parseArraySpec('100001', oracle), 'array-index-too-large');
  });

  it.each([
    // §3.5 [V], oracle/sbatch-cli bad_array_reverse, bad_array_text, array_neg; observed on Slurm 22.05.8
    '5-1',
    '1-10:0',
    'a',
    '-1',
    '1:2',
    'a-b',
    '-1-3',
    '1-5:',
    '[[1',
    '1 ',
    '0x10',
    '99999999999999999999',
  ])('refuses --array=%s with "Invalid job array specification"', (value) => {
    const problem = refused(parseArraySpec(value, oracle));
    expect(problem.message).toContain('Invalid job array specification');
  });

  it('refuses a step that is not below MaxArraySize', () => {
    // observed on Slurm 22.05.8 with MaxArraySize=100001
    refused(parseArraySpec('0-10:100001', oracle), 'array-step-too-large');
    expect(indices('0-10:100000')).toEqual([0]);
  });

  it.each([
    // observed on Slurm 22.05.8 (scontrol ArrayTaskId=)
    ['-', [0]],
    ['[', [0]],
    ['%5', [0]],
    ['0--0', [0]],
    ['1- 5', [1, 2, 3, 4, 5]],
    ['1-3]', [1, 2, 3]],
    [',1,,2,', [1, 2]],
    ['1,%3', [0, 1]],
    ['+1-+3', [1, 2, 3]],
    [' 1', [1]],
  ])('reads the odd form --array=%s as %o', (value, expected) => {
    expect(indices(value)).toEqual(expected);
  });

  it('warns when a token has no first index and Slurm reads 0', () => {
    expect(noteCodes(parseArraySpec('-', oracle))).toContain('array-implicit-zero');
    expect(noteCodes(parseArraySpec('1-3', oracle))).not.toContain('array-implicit-zero');
  });

  it('submits an ordinary job when no index is given', () => {
    // observed on Slurm 22.05.8: "--array=" and "--array=," create no array
    expect(parseArraySpec('', oracle)).toMatchObject({ ok: true, value: null });
    expect(parseArraySpec(',', oracle)).toMatchObject({ ok: true, value: null });
  });

  it('records COUNT, MIN, MAX and the step after the first colon', () => {
    expect(spec('1,3,5-9:2%3')).toMatchObject({ count: 5, min: 1, max: 9, step: 2, maxRunning: 3 });
    expect(spec('0-99999')).toMatchObject({ count: 100000, min: 0, max: 99999, step: 1, maxRunning: null });
    expect(spec('1-5%x')).toMatchObject({ count: 5, maxRunning: null });
  });

  it('gives the SLURM_ARRAY_TASK_* values the tasks see', () => {
    // oracle/env-samples/array_task1.SLURM.txt for --array=1-5%2
    expect(spec('1-5%2')).toMatchObject({ count: 5, min: 1, max: 5, step: 1, maxRunning: 2 });
  });

  it('warns about an ignored throttle and about repeated indices', () => {
    // oracle/sbatch-cli/bad_array_throttle.txt: --array=1-5%x is accepted without throttle
    expect(noteCodes(parseArraySpec('1-5%x', oracle))).toContain('array-throttle-ignored');
    expect(noteCodes(parseArraySpec('1-3%0', oracle))).toContain('array-throttle-ignored');
    expect(noteCodes(parseArraySpec('1,1,2', oracle))).toContain('array-duplicate-indices');
  });

  it('only warns about MaxArraySize when the cloud has no such limit', () => {
    const cloud = context({ arraySizeIsHardLimit: false });
    const result = parseArraySpec('0-99999', cloud);
    expect(accepted(result)?.count).toBe(100000);
    expect(result.ok && result.notes.find((n) => n.code === 'array-index-too-large')).toMatchObject({ severity: 'warning', refusedBySbatch: false });
    expect(result.ok && result.notes[0]?.message).toContain('1001');
    // No slurm.conf allows MaxArraySize above 4000001.
    refused(parseArraySpec('4000001', cloud), 'array-index-too-large');
  });

  it('refuses arrays when MaxArraySize is 0 on a real cluster', () => {
    refused(parseArraySpec('1-3', context({ maxArraySize: 0 })), 'arrays-disabled');
  });

  it('refuses an expression longer than slurmctld stores', () => {
    refused(parseArraySpec(`0${',1'.repeat(2100)}`, oracle), 'array-spec-too-long');
  });

  it('keeps a million indices in one range', () => {
    const big = spec('0-999999', context({ arraySizeIsHardLimit: false }));
    expect(big.ranges).toEqual([{ start: 0, end: 999999, step: 1 }]);
    expect(big.count).toBe(1000000);
  });

  it('unions overlapping stepped ranges exactly', () => {
    expect(indices('0-30:3,0-30:5')).toEqual([0, 3, 5, 6, 9, 10, 12, 15, 18, 20, 21, 24, 25, 27, 30]);
    expect(spec('0-30:3,0-30:5').count).toBe(15);
    expect(indices('0-10:2,1-11:2')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('arrayIncludes', () => {
  it('agrees with the listed indices', () => {
    const array = spec('0-30:3,0-30:5,100');
    expect(arrayIncludes(array, 25)).toBe(true);
    expect(arrayIncludes(array, 26)).toBe(false);
    expect(arrayIncludes(array, 100)).toBe(true);
    expect(arrayIncludes(array, 99)).toBe(false);
  });
});

describe('formatArrayTaskIds (scontrol ArrayTaskId=)', () => {
  it.each([
    // oracle/scontrol-samples array_*.sbatch and sbatch-cli array_*.txt
    ['1,3,5-9:2%3', '1,3,5,7,9%3'],
    ['1-5%2', '1-5%2'],
    ['0-99999', '0-99999'],
    ['1,1,2', '1-2'],
    ['1-3%0', '1-3'],
    ['1-5%x', '1-5'],
    ['100000', '100000'],
    // observed on Slurm 22.05.8
    ['%5', '0%5'],
    ['1%2,3%4', '1,3%2'],
    ['0-20:2', '0-20:2'],
    ['0-10:2', '0,2,4,6,8,10'],
    ['0-11:2', '0,2,4,6,8,10'],
    ['1-7:3', '1,4,7'],
    ['1,3,5,7,9,11,13', '1-13:2'],
    ['0,2,4,6,8,10', '0,2,4,6,8,10'],
    ['0,2,4,6,8,10,12', '0-12:2'],
    ['0-12:2,13', '0,2,4,6,8,10,12-13'],
    ['5,7,9,11,13,15,17', '5-17:2'],
    ['0-30:3,0-30:5', '0,3,5-6,9-10,12,15,18,20-21,24-25,27,30'],
    ['1-5:2%2', '1,3,5%2'],
    ['0-100:2,1', '0-2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42...'],
    ['0-100:2,1%7', '0-2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42...%7'],
  ])('--array=%s shows as %s', (value, shown) => {
    expect(taskIds(value)).toBe(shown);
  });

  it('prints the whole list when SLURM_BITSTR_LEN is 0', () => {
    expect(formatArrayTaskIds(spec('0-100:2,1'), 0)).toBe(`0-2,${Array.from({ length: 49 }, (_, i) => 4 + 2 * i).join(',')}`);
  });
});

describe('parseArrayTaskIds', () => {
  it('reads scontrol values back into index sets', () => {
    const read = accepted(parseArrayTaskIds('1,3,5,7,9%3'));
    expect([...arrayIndices(read)]).toEqual([1, 3, 5, 7, 9]);
    expect(read).toMatchObject({ count: 5, maxRunning: 3, truncated: false });
    expect([...arrayIndices(accepted(parseArrayTaskIds('0-20:2')))]).toEqual(indices('0-20:2'));
    expect(accepted(parseArrayTaskIds('0-99999')).count).toBe(100000);
  });

  it('marks a value cut short by scontrol and drops its last, partial item', () => {
    const read = accepted(parseArrayTaskIds('0-2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42...%7'));
    expect(read.truncated).toBe(true);
    expect(read.maxRunning).toBe(7);
    expect(Math.max(...arrayIndices(read))).toBe(40);
  });

  it('refuses text scontrol would not print', () => {
    refused(parseArrayTaskIds('1-x'), 'invalid-array-task-ids');
    refused(parseArrayTaskIds('5-1'), 'invalid-array-task-ids');
    refused(parseArrayTaskIds('1-3%x'), 'invalid-array-task-ids');
  });
});
