import { describe, expect, it } from 'vitest';
import { parseSlurmInteger, sixteenBitNotes } from '../../../src/parser/values/integer.js';
import { accepted, noteCodes, refused } from './helpers.js';

describe('parseSlurmInteger (parse_int)', () => {
  it.each([
    // oracle/sbatch-cli bad_ntasks_zero, bad_ntasks_text, bad_cpus_per_task_0; observed on Slurm 22.05.8
    ['0', 'ntasks', 'Invalid numeric value "0" for --ntasks.'],
    ['four', 'ntasks', 'Invalid numeric value "four" for --ntasks.'],
    ['0', 'cpus-per-task', 'Invalid numeric value "0" for --cpus-per-task.'],
    ['-1', 'ntasks', 'Invalid numeric value "-1" for --ntasks.'],
    ['', 'ntasks', 'Invalid numeric value "" for --ntasks.'],
    ['5x', 'ntasks', 'Invalid numeric value "5x" for --ntasks.'],
    ['-9223372036854775808', 'ntasks', 'Invalid numeric value "-9223372036854775808" for --ntasks.'],
  ])('refuses %s for --%s: %s', (value, option, message) => {
    expect(refused(parseSlurmInteger(value, option), 'invalid-number').message).toContain(message);
  });

  it('refuses LONG_MAX with sbatch\'s "to big" message', () => {
    // observed on Slurm 22.05.8, both values
    for (const value of ['9223372036854775807', '9223372036854775808']) {
      expect(refused(parseSlurmInteger(value, 'ntasks'), 'number-too-large').message).toContain('Numeric argument (9223372036854775807) to big for --ntasks.');
    }
  });

  it('takes leading blanks and a plus sign, like strtol', () => {
    expect(accepted(parseSlurmInteger(' 5', 'ntasks'))).toBe(5);
    expect(accepted(parseSlurmInteger('+5', 'ntasks'))).toBe(5);
    expect(accepted(parseSlurmInteger('2147483647', 'ntasks'))).toBe(2147483647);
  });

  it('accepts 0, and even an empty value, when zero is allowed', () => {
    expect(accepted(parseSlurmInteger('0', 'core-spec', { allowZero: true }))).toBe(0);
    // observed on Slurm 22.05.8: --core-spec= is accepted
    expect(accepted(parseSlurmInteger('', 'core-spec', { allowZero: true }))).toBe(0);
    refused(parseSlurmInteger('   ', 'core-spec', { allowZero: true }), 'invalid-number');
  });

  it('casts to int the way sbatch does, with an error note', () => {
    // observed on Slurm 22.05.8: --ntasks=4294967297 gives NumTasks=1
    expect(accepted(parseSlurmInteger('4294967297', 'ntasks'))).toBe(1);
    expect(accepted(parseSlurmInteger('2147483648', 'ntasks'))).toBe(-2147483648);
    expect(noteCodes(parseSlurmInteger('4294967297', 'ntasks'))).toEqual(['number-overflow']);
    expect(noteCodes(parseSlurmInteger('42', 'ntasks'))).toEqual([]);
  });
});

describe('sixteenBitNotes', () => {
  it('warns when a count does not survive the 16-bit job field', () => {
    expect(sixteenBitNotes('cpus-per-task', '65537', 65537)[0]?.message).toContain('uses 1');
    expect(sixteenBitNotes('cpus-per-task', '65535', 65535)).toEqual([]);
  });
});
