import { describe, expect, it } from 'vitest';
import { FREE_STRING_OPTIONS, freeStringParser } from '../../../src/parser/values/free-strings.js';
import { accepted, context, noteCodes, refused } from './helpers.js';

const ctx = context();
const parse = (option: string, value: string) => freeStringParser(option)(value, ctx);

describe('free-string options', () => {
  it('keep the value as written', () => {
    // oracle/scontrol-samples jobname_spaces_dq (JobName=my job name) and comment (Comment=hello world)
    expect(accepted(parse('job-name', 'my job name'))).toBe('my job name');
    expect(accepted(parse('comment', 'hello world'))).toBe('hello world');
    expect(accepted(parse('partition', 'debug'))).toBe('debug');
  });

  it.each(['job-name', 'account', 'qos', 'reservation', 'comment', 'constraint', 'mail-user', 'mcs-label', 'network', 'prefer', 'wckey', 'container', 'context', 'cluster-constraint'])(
    'accepts an empty --%s',
    (option) => {
      // observed on Slurm 22.05.8 for each of these
      expect(accepted(parse(option, ''))).toBe('');
    },
  );

  it.each([
    // observed on Slurm 22.05.8
    ['partition', 'Invalid partition name specified'],
    ['batch', 'not a subset of --constraints'],
    ['bbf', 'Invalid --bbf specification'],
    ['export-file', 'Could not open user environment file'],
    ['clusters', "can't be reached now"],
  ])('refuses an empty --%s', (option, message) => {
    expect(refused(parse(option, ''), `empty-${option}`).message).toContain(message);
  });

  it('refuses values longer than slurmctld stores', () => {
    // observed on Slurm 22.05.8: a 1025-byte --comment or --job-name fails, 1024 bytes pass
    expect(accepted(parse('comment', 'x'.repeat(1024)))).toHaveLength(1024);
    expect(refused(parse('comment', 'x'.repeat(1025)), 'value-too-long').message).toContain('Pathname of a file, directory or other parameter too long');
    refused(parse('job-name', 'x'.repeat(1025)), 'value-too-long');
    // Lengths are bytes, as strlen counts them.
    refused(parse('job-name', 'é'.repeat(513)), 'value-too-long');
  });

  it('points out options sbatch resolves at submission', () => {
    expect(noteCodes(parse('bbf', 'bb.conf'))).toEqual(['file-read-by-sbatch']);
    expect(noteCodes(parse('clusters', 'a,b'))).toEqual(['cluster-needs-slurmdbd']);
  });

  it('lists the options it handles', () => {
    expect(FREE_STRING_OPTIONS).toEqual(expect.arrayContaining(['account', 'job-name', 'partition', 'qos', 'comment', 'constraint', 'chdir', 'wckey']));
  });
});
