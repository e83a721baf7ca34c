import { describe, expect, it } from 'vitest';
import { parseSrunArgs, SrunUsageError } from '../../../src/launch/local/job-tools/srun-options.js';

describe('srun options', () => {
  it('reads long, short, clustered and = forms, and stops at the command', () => {
    const o = parseSrunArgs(['-ln', '4', '--cpus-per-task=2', '--mpi=pmix', 'hostname', '-n', '9']);
    expect(o).toMatchObject({ ntasks: 4, cpusPerTask: 2, label: true, command: ['hostname', '-n', '9'] });
    expect(parseSrunArgs(['-n2', '--ntasks-per', '3', '--', '-x']).command).toEqual(['-x']);
    expect(parseSrunArgs(['--ntasks-per', '3', 'a']).ntasksPerNode).toBe(3);
  });

  it('refuses what it does not know, as srun words it', () => {
    expect(() => parseSrunArgs(['--frobnicate', 'x'])).toThrow(SrunUsageError);
    expect(() => parseSrunArgs(['--frobnicate', 'x'])).toThrow("srun: unrecognized option '--frobnicate'");
    expect(() => parseSrunArgs(['-n', '0', 'x'])).toThrow('Invalid numeric value "0" for --ntasks');
    expect(() => parseSrunArgs(['--ntasks'])).toThrow("option '--ntasks' requires an argument");
  });
});
