import type { Duration } from '../model/schema.js';

/**
 * The runtimes an estimate is worked out for: the time limit, an upper bound (Slurm ends the job
 * there), and the runtime the user expects, when given.
 */
export type RuntimeBasis = 'time-limit' | 'expected-runtime';

export interface Runtime {
  basis: RuntimeBasis;
  minutes: number;
}

/** The time limit in minutes, or null when there is none (not given, or UNLIMITED). */
export function boundedLimit(timeLimit: Duration | null): number | null {
  return timeLimit === null || timeLimit === 'unlimited' ? null : timeLimit;
}

export function runtimesOf(timeLimit: Duration | null, expectedMinutes: number | null): Runtime[] {
  const limit = boundedLimit(timeLimit);
  const runtimes: Runtime[] = [];
  if (limit !== null) runtimes.push({ basis: 'time-limit', minutes: limit });
  if (expectedMinutes !== null) runtimes.push({ basis: 'expected-runtime', minutes: expectedMinutes });
  return runtimes;
}

export function runtimeLabel(basis: RuntimeBasis): string {
  return basis === 'time-limit' ? 'upper bound (time limit)' : 'expected (--expected-runtime)';
}
