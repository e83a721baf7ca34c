import { describe, expect, it } from 'vitest';
import { taskResult, waitExitStatus } from '../../../src/launch/local/task-outcome.js';

const ran = (code: number | null, signal: NodeJS.Signals | null = null) => ({ code, signal, launchError: null });

describe('how a batch script ended, as Slurm reports it (slurm-semantics §6)', () => {
  it.each([
    [ran(0), null, { state: 'COMPLETED', exitCode: '0:0', reason: null }],
    [ran(3), null, { state: 'FAILED', exitCode: '3:0', reason: 'NonZeroExitCode' }],
    [ran(null, 'SIGKILL'), null, { state: 'FAILED', exitCode: '0:9', reason: 'JobLaunchFailure' }],
    [ran(null, 'SIGTERM'), 'timeout', { state: 'TIMEOUT', exitCode: '0:15', reason: 'TimeLimit' }],
    [ran(null, 'SIGTERM'), 'cancel', { state: 'CANCELLED', exitCode: '0:15', reason: null }],
    [ran(null, 'SIGKILL'), 'oom', { state: 'OUT_OF_MEMORY', exitCode: '0:125', reason: 'OutOfMemory' }],
    [{ code: null, signal: null, launchError: 'could not open /x/y: No such file or directory' }, null, { state: 'FAILED', exitCode: '0:53', reason: 'JobLaunchFailure' }],
  ] as const)('%o ended by %s → %o', (outcome, by, want) => {
    expect(taskResult(outcome, by)).toEqual(want);
  });

  it('sbatch --wait exits with the exit status, a signal counting as at least 1', () => {
    expect(waitExitStatus('3:0')).toBe(3);
    expect(waitExitStatus('0:9')).toBe(1);
    expect(waitExitStatus('0:0')).toBe(0);
  });
});
