import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../store/atomic-write.js';
import type { JobStore } from '../../store/store.js';

/**
 * The cluster part of a split array knows the job it belongs to (the local job whose id the user
 * was given): a file beside its record, written once after both parts exist.
 */
export function linkPart(clusterStore: JobStore, clusterJobId: number, jobId: number): void {
  writeFileAtomicSync(join(clusterStore.jobDir(clusterJobId), 'part-of.json'), `${JSON.stringify({ jobId })}\n`, 0o600);
}

/** The id of the job a cluster job is part of, or null for a job of its own. */
export function partOf(clusterStore: JobStore, clusterJobId: number): number | null {
  try {
    const { jobId } = JSON.parse(readFileSync(join(clusterStore.jobDir(clusterJobId), 'part-of.json'), 'utf8')) as { jobId?: unknown };
    return typeof jobId === 'number' ? jobId : null;
  } catch {
    return null;
  }
}

/** Whether an array index is one of a spec's (`0-4:2,9%3`, as splitArray writes them). */
export function specHolds(spec: string, index: number): boolean {
  return spec
    .replace(/%\d+$/, '')
    .split(',')
    .some((part) => {
      const match = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part);
      if (!match) return false;
      const [start, end, step] = [Number(match[1]), Number(match[2] ?? match[1]), Number(match[3] ?? 1)];
      return index >= start && index <= end && (index - start) % step === 0;
    });
}
