import type { Dependency, DependencyJob } from '../../model/schema.js';

/** What a dependency needs to know about the tasks it names (a whole job, or one array task). */
export interface TargetProgress {
  /** Every named task has left PENDING (started, or ended without starting). */
  allStarted: boolean;
  /** When the last of them started (ms), for `after:id+minutes`. */
  lastStartMs: number | null;
  allEnded: boolean;
  /** Some named task ended in a state other than COMPLETED. */
  anyEndedBadly: boolean;
}

/** A job or task the dependency names, or null when no such job exists. */
export type TargetLookup = (job: DependencyJob, correlatedTask: number | null) => TargetProgress | null;

export type DependencyStatus = { status: 'satisfied' } | { status: 'waiting'; wakeAtMs: number | null } | { status: 'never' };

export interface DependencyContext {
  now: number;
  lookup: TargetLookup;
  /** For singleton: another job of the same name and user is still ahead of this one. */
  singletonBlocked: boolean;
  /** For aftercorr: the array index of the task being considered, or null for the job as a whole. */
  arrayTaskId: number | null;
}

const SATISFIED: DependencyStatus = { status: 'satisfied' };
const NEVER: DependencyStatus = { status: 'never' };
const waiting = (wakeAtMs: number | null = null): DependencyStatus => ({ status: 'waiting', wakeAtMs });

function jobStatus(type: string, job: DependencyJob, ctx: DependencyContext): DependencyStatus {
  const correlated = type === 'aftercorr' ? ctx.arrayTaskId : null;
  const target = ctx.lookup(job, correlated);
  // 22.05 takes a dependency on a job it does not know as satisfied (later releases refuse it at submission).
  if (target === null) return SATISFIED;
  switch (type) {
    case 'after': {
      if (!target.allStarted) return waiting();
      const delayMs = (job.delayMinutes ?? 0) * 60_000;
      const readyAt = (target.lastStartMs ?? 0) + delayMs;
      return delayMs === 0 || ctx.now >= readyAt ? SATISFIED : waiting(readyAt);
    }
    case 'afterok':
    case 'aftercorr':
      // A task that ended badly fails it at once, before the rest have finished.
      if (target.anyEndedBadly) return NEVER;
      return target.allEnded ? SATISFIED : waiting();
    case 'afternotok':
      if (!target.allEnded) return waiting();
      return target.anyEndedBadly ? SATISFIED : NEVER;
    default:
      // afterany, and afterburstbuffer (there is no burst buffer to wait for).
      return target.allEnded ? SATISFIED : waiting();
  }
}

function combine(statuses: DependencyStatus[], op: 'and' | 'or'): DependencyStatus {
  const wakeTimes = statuses.flatMap((s) => (s.status === 'waiting' && s.wakeAtMs !== null ? [s.wakeAtMs] : []));
  const wake = wakeTimes.length > 0 ? Math.min(...wakeTimes) : null;
  if (op === 'and') {
    if (statuses.some((s) => s.status === 'never')) return NEVER;
    return statuses.every((s) => s.status === 'satisfied') ? SATISFIED : waiting(wake);
  }
  if (statuses.some((s) => s.status === 'satisfied')) return SATISFIED;
  return statuses.every((s) => s.status === 'never') ? NEVER : waiting(wake);
}

/**
 * Slurm's dependency test (slurm-semantics §6): each term names jobs that must all pass; terms are
 * joined by `,` (all must pass; one that can never pass fails the whole) or `?` (any one passing is
 * enough; it fails when all have failed).
 */
export function evaluateDependency(dependency: Dependency, ctx: DependencyContext): DependencyStatus {
  const terms = dependency.terms.map((term) => {
    if (term.type === 'singleton') return ctx.singletonBlocked ? waiting() : SATISFIED;
    // aftercorr is a condition on each task, tested when that task is about to start.
    if (term.type === 'aftercorr' && ctx.arrayTaskId === null) return SATISFIED;
    return combine(
      term.jobs.map((job) => jobStatus(term.type, job, ctx)),
      'and',
    );
  });
  return combine(terms, dependency.op);
}
