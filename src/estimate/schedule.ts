import type { Plan } from '../mapping/plan-types.js';
import type { Layout } from './layout.js';
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
  /** Packed: start-up + rounds × runtime; one per instance: waves × (start-up + runtime). */
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

/** The wall time of a layout for each runtime. */
export function wallTimes(layout: Layout, runtimes: readonly Runtime[]): WallTime[] {
  return runtimes.map((runtime) => ({ basis: runtime.basis, runtimeMinutes: runtime.minutes, wallMinutes: layout.wallMinutes(runtime.minutes) }));
}
