import { describe, expect, it } from 'vitest';
import { durationMinutesFrom } from '../../../src/cli/duration-option.js';

describe('--expected-runtime values', () => {
  it('reads Slurm time formats as sbatch reads --time', () => {
    expect(durationMinutesFrom('90', '--expected-runtime')).toBe(90);
    expect(durationMinutesFrom('1:30:00', '--expected-runtime')).toBe(90);
    expect(durationMinutesFrom('2-00', '--expected-runtime')).toBe(2880);
    // Seconds round up to whole minutes, as Slurm does.
    expect(durationMinutesFrom('0:30', '--expected-runtime')).toBe(1);
    expect(durationMinutesFrom(undefined, '--expected-runtime')).toBeUndefined();
  });

  it('refuses what is not a finite duration, naming the flag and the accepted forms (exit status 2)', () => {
    for (const bad of ['1:xx', 'soon', 'UNLIMITED', '0']) {
      expect(() => durationMinutesFrom(bad, '--expected-runtime')).toThrowError(
        expect.objectContaining({ exitCode: 2, message: expect.stringContaining(`--expected-runtime "${bad}"`), hint: expect.stringContaining('HH:MM:SS') }),
      );
    }
  });
});
