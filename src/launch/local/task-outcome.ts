import { constants } from 'node:os';
import type { JobState } from '../../store/events.js';
import type { ProcessOutcome } from './task-process.js';

/** Why the supervisor itself ended a task, if it did. */
export type EndedBy = 'timeout' | 'cancel' | 'oom' | null;

export interface TaskResult {
  state: JobState;
  /** sacct's `exit:signal`. */
  exitCode: string;
  reason: string | null;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : ((constants.signals as Record<string, number>)[signal] ?? 0);
}

/** Slurm's state and exit code for how a batch script ended (slurm-semantics §6). */
export function taskResult(outcome: ProcessOutcome, endedBy: EndedBy): TaskResult {
  // slurmstepd could not open the files: the task never ran (observed on 22.05: 0:53, JobLaunchFailure).
  if (outcome.launchError !== null) return { state: 'FAILED', exitCode: '0:53', reason: 'JobLaunchFailure' };
  const code = outcome.code ?? 0;
  const exitCode = `${code % 256}:${signalNumber(outcome.signal)}`;
  if (endedBy === 'oom') return { state: 'OUT_OF_MEMORY', exitCode: '0:125', reason: 'OutOfMemory' };
  if (endedBy === 'timeout') return { state: 'TIMEOUT', exitCode, reason: 'TimeLimit' };
  if (endedBy === 'cancel') return { state: 'CANCELLED', exitCode, reason: null };
  if (outcome.signal !== null) return { state: 'FAILED', exitCode, reason: 'JobLaunchFailure' };
  if (code !== 0) return { state: 'FAILED', exitCode, reason: 'NonZeroExitCode' };
  return { state: 'COMPLETED', exitCode, reason: null };
}

/** Exit codes compare as sbatch --wait does: the highest exit status, a signal counting as 1. */
export function waitExitStatus(exitCode: string | null): number {
  if (exitCode === null) return 0;
  const [exit, signal] = exitCode.split(':').map(Number) as [number, number];
  return signal > 0 ? Math.max(exit, 1) : exit;
}
