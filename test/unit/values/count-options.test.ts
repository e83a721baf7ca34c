import { describe, expect, it } from 'vitest';
import { COUNT_OPTIONS, parseCount } from '../../../src/parser/values/count-options.js';
import { accepted, noteCodes, refused } from './helpers.js';

describe('parseCount (-n, -c, --ntasks-per-*, …)', () => {
  it('covers the integer options of slurm-semantics.md §3.4', () => {
    expect(COUNT_OPTIONS).toEqual(
      expect.arrayContaining([
        'ntasks',
        'cpus-per-task',
        'ntasks-per-node',
        'ntasks-per-core',
        'ntasks-per-socket',
        'ntasks-per-gpu',
        'ntasks-per-tres',
        'cpus-per-gpu',
        'threads-per-core',
        'cores-per-socket',
        'sockets-per-node',
        'mincpus',
      ]),
    );
  });

  it.each(COUNT_OPTIONS)('--%s takes positive integers only', (option) => {
    expect(accepted(parseCount('4', option))).toBe(4);
    expect(refused(parseCount('0', option), 'invalid-number').message).toContain(`Invalid numeric value "0" for --${option}.`);
  });

  it('accepts a large count that the cluster cannot satisfy', () => {
    // oracle/sbatch-cli/bad_cpus_per_task_big.txt
    expect(accepted(parseCount('64', 'cpus-per-task'))).toBe(64);
  });

  it('refuses counts that wrap to negative where sbatch checks them', () => {
    // observed on Slurm 22.05.8
    expect(refused(parseCount('2147483648', 'ntasks'), 'invalid-count').message).toContain('invalid number of tasks (-n -2147483648)');
    expect(refused(parseCount('2147483648', 'cpus-per-task'), 'invalid-count').message).toContain('invalid number of cpus per task (-c -2147483648)');
    expect(refused(parseCount('4294967296', 'cpus-per-task'), 'invalid-count').message).toContain('(-c 0)');
  });

  it('lets other wrapped counts through with a note, as sbatch does', () => {
    // observed on Slurm 22.05.8: --ntasks=4294967296 gives NumTasks=0; --ntasks-per-node=2147483648 is accepted
    expect(accepted(parseCount('4294967296', 'ntasks'))).toBe(0);
    expect(noteCodes(parseCount('2147483648', 'ntasks-per-node'))).toEqual(['number-overflow']);
  });

  it('warns when a count exceeds the 16-bit field of the job description', () => {
    // observed on Slurm 22.05.8: --threads-per-core=65537 shows ReqB:S:C:T=0:0:*:1
    expect(noteCodes(parseCount('65537', 'threads-per-core'))).toEqual(['number-overflow']);
    expect(noteCodes(parseCount('65537', 'cpus-per-gpu'))).toEqual([]);
  });
});
