import { describe, expect, it } from 'vitest';
import { parseGid, parseUid } from '../../../src/parser/values/identity.js';
import { refused } from './helpers.js';

describe('parseUid and parseGid', () => {
  it('refuse them as sbatch does for anyone but root', () => {
    // observed on Slurm 22.05.8 as user nobody: "--uid only permitted by root user"
    expect(refused(parseUid('root'), 'requires-root').message).toContain('--uid only permitted by root user');
    expect(refused(parseGid('users'), 'requires-root').message).toContain('--gid only permitted by root user');
  });
});
