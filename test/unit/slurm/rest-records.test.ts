import { describe, expect, it } from 'vitest';
import { sameNameModuloIds } from '../../conformance/rest-records.js';

describe('comparing the file names scontrol shows for the sbatch job and the REST job', () => {
  const pairs = [['69', '70']] as const;

  it('accepts names that differ only in each job id, padded or not, after other digits', () => {
    expect(sameNameModuloIds('/tmp/x-24.11-O69xAZ/0004/slurm-69.out', '/tmp/x-24.11-O69xAZ/0004/slurm-70.out', pairs)).toBe(true);
    expect(sameNameModuloIds('/w/p_000000000069_%5069.out', '/w/p_000000000070_%5070.out', pairs)).toBe(true);
    expect(sameNameModuloIds('/w/p_0000000009999.out', '/w/p_0000000010000.out', [['9999', '10000']])).toBe(true);
  });

  it('does not take other numbers for an id', () => {
    expect(sameNameModuloIds('/w/slurm-69_11.out', '/w/slurm-70_12.out', pairs)).toBe(false);
    expect(sameNameModuloIds('/w/slurm-69.out', '/w/slurm-69.out.1', pairs)).toBe(false);
    expect(sameNameModuloIds('/w/a169.out', '/w/a270.out', pairs)).toBe(false);
  });
});
