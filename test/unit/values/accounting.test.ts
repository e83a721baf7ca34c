import { describe, expect, it } from 'vitest';
import { parseAcctgFreq, parsePower, parseProfile } from '../../../src/parser/values/accounting.js';
import { accepted, noteCodes, refused } from './helpers.js';

describe('parseAcctgFreq (validate_acctg_freq)', () => {
  it.each([
    // observed on Slurm 22.05.8
    ['30', { task: 30 }],
    ['task=30', { task: 30 }],
    ['Task=5', { task: 5 }],
    ['energy=10', { energy: 10 }],
    ['filesystem=5,network=5', { filesystem: 5, network: 5 }],
    ['task=30,energy=10', { task: 30, energy: 10 }],
    ['', {}],
    ['30abc', { task: 30 }],
    ['xxenergy=5', { energy: 5 }],
    [' 30', { task: 30 }],
  ])('--acctg-freq=%s is %o', (value, expected) => {
    expect(accepted(parseAcctgFreq(value))).toEqual(expected);
  });

  it.each(['foo', '-1', 'task=-1', 'energy=', '4294967295'])('refuses --acctg-freq=%s', (value) => {
    // observed on Slurm 22.05.8: "Invalid --acctg-freq specification: <item>"
    expect(refused(parseAcctgFreq(value), 'invalid-acctg-freq').message).toContain(`Invalid --acctg-freq specification: ${value}`);
  });
});

describe('parseProfile (acct_gather_profile_from_string)', () => {
  it.each([
    // observed on Slurm 22.05.8
    ['all', 'all'],
    ['none', 'none'],
    ['energy', ['energy']],
    ['ENERGY', ['energy']],
    ['task,lustre', ['task', 'lustre']],
    ['network', ['network']],
    ['energy,foo', ['energy']],
    ['gallery', 'all'],
    ['nonexistent', 'none'],
  ])('--profile=%s is %o', (value, expected) => {
    expect(accepted(parseProfile(value))).toEqual(expected);
  });

  it('warns when Slurm matched the words loosely', () => {
    expect(noteCodes(parseProfile('gallery'))).toEqual(['profile-loose-match']);
    expect(noteCodes(parseProfile('task,energy'))).toEqual([]);
  });

  it.each(['', 'foo'])('refuses --profile=%s', (value) => {
    expect(refused(parseProfile(value), 'invalid-profile').message).toContain(`invalid --profile=${value} option`);
  });
});

describe('parsePower (22.05)', () => {
  it('accepts anything and notes the words sbatch ignores', () => {
    // observed on Slurm 22.05.8: Power=LEVEL, and "Ignoring unrecognized power option (foo)"
    expect(accepted(parsePower('level'))).toEqual({ level: true });
    expect(accepted(parsePower('foo'))).toEqual({ level: false });
    expect(noteCodes(parsePower('foo'))).toEqual(['power-ignored']);
    expect(accepted(parsePower(''))).toEqual({ level: false });
  });
});
