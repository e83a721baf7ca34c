import type { JobArray } from './schema.js';

/**
 * An array's indices by position (0 … count-1, in index order), computed from the compressed ranges:
 * a million-task array is never expanded into a list.
 */
export function indexAtPosition(array: JobArray, position: number): number {
  let before = 0;
  for (const range of array.ranges) {
    const size = Math.floor((range.end - range.start) / range.step) + 1;
    if (position < before + size) return range.start + (position - before) * range.step;
    before += size;
  }
  throw new RangeError(`position ${position} is beyond the array's ${array.count} tasks`);
}

/** The position of an array index, or -1 when the index is not in the array. */
export function positionOfIndex(array: JobArray, index: number): number {
  let before = 0;
  for (const range of array.ranges) {
    const size = Math.floor((range.end - range.start) / range.step) + 1;
    if (index >= range.start && index <= range.end && (index - range.start) % range.step === 0) return before + (index - range.start) / range.step;
    before += size;
  }
  return -1;
}

/**
 * A task's own job id (slurm-semantics §4.5): Slurm splits each started task off under a new id and the
 * task started last keeps the master id. Tasks are started in position order, so position p gets
 * master+1+p and the last position the master id; the submit reserved master … master+count-1.
 */
export function taskJobId(masterId: number, count: number, position: number): number {
  return position === count - 1 ? masterId : masterId + 1 + position;
}

/** Compresses sorted indices into Slurm's range syntax: [3,4,5,7] → `3-5,7`. */
export function compressIndices(indices: Iterable<number>): string {
  const parts: string[] = [];
  let first: number | null = null;
  let last = 0;
  for (const index of indices) {
    if (first !== null && index === last + 1) {
      last = index;
      continue;
    }
    if (first !== null) parts.push(first === last ? String(first) : `${first}-${last}`);
    first = last = index;
  }
  if (first !== null) parts.push(first === last ? String(first) : `${first}-${last}`);
  return parts.join(',');
}
