import { describe, expect, it } from 'vitest';
import { evaluateDependency, type TargetProgress } from '../../../src/launch/local/dependencies.js';
import type { Dependency } from '../../../src/model/schema.js';

const PENDING: TargetProgress = { allStarted: false, lastStartMs: null, allEnded: false, anyEndedBadly: false };
const RUNNING: TargetProgress = { allStarted: true, lastStartMs: 1_000, allEnded: false, anyEndedBadly: false };
const COMPLETED: TargetProgress = { allStarted: true, lastStartMs: 1_000, allEnded: true, anyEndedBadly: false };
const FAILED: TargetProgress = { allStarted: true, lastStartMs: 1_000, allEnded: true, anyEndedBadly: true };
const PART_FAILED: TargetProgress = { allStarted: true, lastStartMs: 1_000, allEnded: false, anyEndedBadly: true };

function dep(text: string, op: 'and' | 'or' = 'and'): Dependency {
  const terms = text.split(op === 'and' ? ',' : '?').map((part) => {
    const [type, ...ids] = part.split(':');
    return {
      type: type as Dependency['terms'][number]['type'],
      jobs: ids.map((id) => {
        const [num, delay] = id.split('+');
        return { id: Number(num), task: null, delayMinutes: delay ? Number(delay) : null };
      }),
    };
  });
  return { text, op, terms };
}

function status(text: string, targets: Record<number, TargetProgress | null>, op: 'and' | 'or' = 'and', now = 10_000) {
  return evaluateDependency(dep(text, op), { now, arrayTaskId: null, singletonBlocked: false, lookup: (job) => targets[job.id] ?? null }).status;
}

describe('dependency outcomes (slurm-semantics §6)', () => {
  it.each([
    ['afterok:1', COMPLETED, 'satisfied'],
    ['afterok:1', RUNNING, 'waiting'],
    ['afterok:1', FAILED, 'never'],
    ['afterok:1', PART_FAILED, 'never'],
    ['afternotok:1', FAILED, 'satisfied'],
    ['afternotok:1', COMPLETED, 'never'],
    ['afternotok:1', PART_FAILED, 'waiting'],
    ['afterany:1', FAILED, 'satisfied'],
    ['afterany:1', RUNNING, 'waiting'],
    ['afterburstbuffer:1', COMPLETED, 'satisfied'],
    ['after:1', PENDING, 'waiting'],
    ['after:1', RUNNING, 'satisfied'],
  ] as const)('%s with the target %o is %s', (text, target, want) => {
    expect(status(text, { 1: target })).toBe(want);
  });

  it('after:id+minutes waits that long after the start, and says when to look again', () => {
    const result = evaluateDependency(dep('after:1+2'), { now: 60_000, arrayTaskId: null, singletonBlocked: false, lookup: () => RUNNING });
    expect(result).toEqual({ status: 'waiting', wakeAtMs: 121_000 });
    expect(status('after:1+2', { 1: RUNNING }, 'and', 121_000)).toBe('satisfied');
  });

  it('a job 22.05 does not know counts as satisfied', () => {
    expect(status('afterok:99', {})).toBe('satisfied');
  });

  it('joins terms with , (all, and one that can never pass fails the whole) or ? (any)', () => {
    expect(status('afterok:1,afterok:2', { 1: COMPLETED, 2: RUNNING })).toBe('waiting');
    expect(status('afterok:1,afterok:2', { 1: FAILED, 2: RUNNING })).toBe('never');
    expect(status('afterok:1?afterok:2', { 1: FAILED, 2: RUNNING }, 'or')).toBe('waiting');
    expect(status('afterok:1?afterok:2', { 1: FAILED, 2: COMPLETED }, 'or')).toBe('satisfied');
    expect(status('afterok:1?afterok:2', { 1: FAILED, 2: FAILED }, 'or')).toBe('never');
    expect(status('afterok:1:2', { 1: COMPLETED, 2: COMPLETED })).toBe('satisfied');
  });

  it('singleton waits while another job of the name is ahead; aftercorr is left to each task', () => {
    expect(evaluateDependency(dep('singleton'), { now: 0, arrayTaskId: null, singletonBlocked: true, lookup: () => null }).status).toBe('waiting');
    expect(evaluateDependency(dep('aftercorr:1'), { now: 0, arrayTaskId: null, singletonBlocked: false, lookup: () => FAILED }).status).toBe('satisfied');
    expect(evaluateDependency(dep('aftercorr:1'), { now: 0, arrayTaskId: 3, singletonBlocked: false, lookup: () => FAILED }).status).toBe('never');
  });
});
