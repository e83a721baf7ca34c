import { describe, expect, it } from 'vitest';
import { parseGetUserEnv, parsePropagate } from '../../../src/parser/values/process-environment.js';
import { accepted, refused } from './helpers.js';

describe('parseGetUserEnv (optional argument, 22.05 and 24.11)', () => {
  it.each([
    // observed on Slurm 22.05.8
    [undefined, { timeoutSeconds: 0, mode: null }],
    ['', { timeoutSeconds: 0, mode: null }],
    ['10', { timeoutSeconds: 10, mode: null }],
    ['10S', { timeoutSeconds: 10, mode: 'short' }],
    ['10L', { timeoutSeconds: 10, mode: 'long' }],
    ['S', { timeoutSeconds: 0, mode: 'short' }],
    ['L', { timeoutSeconds: 0, mode: 'long' }],
    ['-5', { timeoutSeconds: -5, mode: null }],
    ['10SL', { timeoutSeconds: 10, mode: 'short' }],
    [' 5', { timeoutSeconds: 5, mode: null }],
  ])('--get-user-env=%s is %o', (value, expected) => {
    expect(accepted(parseGetUserEnv(value))).toEqual(expected);
  });

  it('refuses other suffixes', () => {
    // observed on Slurm 24.11.5 too: =10L passes, =10X is refused.
    expect(refused(parseGetUserEnv('10x'), 'invalid-get-user-env').message).toContain('Invalid --get-user-env specification');
  });
});

describe('parsePropagate (parse_rlimits)', () => {
  it.each([
    // observed on Slurm 22.05.8
    [undefined, 'ALL'],
    ['', 'ALL'],
    ['ALL', 'ALL'],
    ['NONE', 'NONE'],
    ['CORE,AS', ['CORE', 'AS']],
    ['RLIMIT_CORE', ['CORE']],
    ['CORE AS', ['CORE', 'AS']],
    ['STACK,RLIMIT_NOFILE', ['STACK', 'NOFILE']],
    ['NPROC,MEMLOCK,RSS,FSIZE,DATA,CPU', ['NPROC', 'MEMLOCK', 'RSS', 'FSIZE', 'DATA', 'CPU']],
  ])('--propagate=%s is %o', (value, expected) => {
    expect(accepted(parsePropagate(value))).toEqual(expected);
  });

  it.each([
    // observed on Slurm 22.05.8 (exit 1)
    ['core', 'Bad rlimit name: core'],
    ['all', 'Bad rlimit name: all'],
    ['ALL,CORE', 'Bad rlimit name: ALL'],
  ])('refuses --propagate=%s: %s', (value, message) => {
    const problem = refused(parsePropagate(value), 'invalid-propagate');
    expect(problem.message).toContain(message);
    expect(problem.message).toContain(`--propagate=${value} is not valid.`);
  });
});
