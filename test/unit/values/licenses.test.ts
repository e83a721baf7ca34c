import { describe, expect, it } from 'vitest';
import { parseLicenses, parseTresPerTask } from '../../../src/parser/values/licenses.js';
import { accepted, noteCodes, refused } from './helpers.js';

describe('parseLicenses (_build_license_list)', () => {
  it('reads name[:count] lists and adds up repeats', () => {
    expect(accepted(parseLicenses('foo'))).toEqual([{ name: 'foo', count: 1 }]);
    expect(accepted(parseLicenses('foo:2,bar;foo:3'))).toEqual([
      { name: 'foo', count: 5 },
      { name: 'bar', count: 1 },
    ]);
    expect(accepted(parseLicenses('foo@db:2'))).toEqual([{ name: 'foo@db', count: 2 }]);
    expect(accepted(parseLicenses('foo:0'))).toEqual([{ name: 'foo', count: 0 }]);
    // observed on Slurm 22.05.8: --licenses= is accepted with Licenses=
    expect(accepted(parseLicenses(''))).toEqual([]);
  });

  it('says the cluster must define the licenses', () => {
    // observed on Slurm 22.05.8 (no licenses configured): foo, foo:2 fail with "Invalid license specification"
    expect(noteCodes(parseLicenses('foo:2'))).toEqual(['licenses-cluster-defined']);
  });

  it.each(['foo:x', 'a b', 'foo:-1', 'foo:2:3', ':2', 'foo:4294967295'])('refuses -L %s as malformed', (value) => {
    expect(refused(parseLicenses(value), 'invalid-licenses').message).toContain('Invalid license specification');
  });

  it('refuses a list longer than slurmctld stores', () => {
    refused(parseLicenses('x'.repeat(1025)), 'value-too-long');
  });
});

describe('parseTresPerTask', () => {
  it('reads tres=count items and warns about the rest', () => {
    expect(accepted(parseTresPerTask('cpu=4,gres/gpu:a100=1,license/matlab=2'))).toEqual([
      { tres: 'cpu', count: 4 },
      { tres: 'gres/gpu:a100', count: 1 },
      { tres: 'license/matlab', count: 2 },
    ]);
    expect(noteCodes(parseTresPerTask('gpu'))).toEqual(['tres-per-task-item']);
  });
});
