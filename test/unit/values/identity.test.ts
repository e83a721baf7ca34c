import { describe, expect, it } from 'vitest';
import { parseGid, parseUid } from '../../../src/parser/values/identity.js';
import { noteCodes } from './helpers.js';

describe('parseUid and parseGid', () => {
  it('accept them with a warning: whether sbatch refuses depends on who submits, not on the script', () => {
    // observed on Slurm 22.05.8 as user nobody: "--uid only permitted by root user"; changed by the
    // conformance suite: as root, `--uid=0`, `--gid=0` and `--uid=nobody` are accepted.
    expect(noteCodes(parseUid('root'))).toEqual(['requires-root']);
    expect(parseGid('users')).toMatchObject({ ok: true, value: 'users', notes: [expect.objectContaining({ message: expect.stringContaining('--gid only permitted by root user') })] });
  });
});
