import type { Plan } from '../mapping/plan-types.js';
import { INSTANCE_STARTUP_MINUTES } from './billing.js';
import type { Runtime, RuntimeBasis } from './runtime.js';

/** What limits how many tasks run at once. */
export type ConcurrencySource = 'array-throttle' | 'mapping-limit' | 'all-at-once';

export interface Concurrency {
  tasks: number;
  /** Tasks running at once. */
  concurrency: number;
  source: ConcurrencySource;
  /** Rounds of tasks one after the other: ceil(tasks / concurrency). */
  waves: number;
}

export interface WallTime {
  basis: RuntimeBasis;
  runtimeMinutes: number;
  /** waves × (start-up + runtime). */
  wallMinutes: number;
}

/** The array's %N and the mapping's max_concurrent, whichever is smaller; no limit: all tasks at once. */
export function concurrencyOf(tasks: Plan['tasks']): Concurrency {
  const throttle = tasks.array?.maxRunning ?? null;
  const limits = [throttle, tasks.maxConcurrent].filter((n): n is number => n !== null);
  if (limits.length === 0 || Math.min(...limits) >= tasks.count) {
    return { tasks: tasks.count, concurrency: tasks.count, source: 'all-at-once', waves: 1 };
  }
  const concurrency = Math.min(...limits);
  return { tasks: tasks.count, concurrency, source: concurrency === throttle ? 'array-throttle' : 'mapping-limit', waves: Math.ceil(tasks.count / concurrency) };
}

/** Every instance boots before its task runs, so each wave takes the start-up as well. */
export function wallTime(waves: number, runtime: Runtime): WallTime {
  return { basis: runtime.basis, runtimeMinutes: runtime.minutes, wallMinutes: waves * (INSTANCE_STARTUP_MINUTES + runtime.minutes) };
}
