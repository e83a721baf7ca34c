import type { JobArray } from './schema.js';

type Range = JobArray['ranges'][number];

function sizeOf(range: Range): number {
  return Math.floor((range.end - range.start) / range.step) + 1;
}

function specOf(ranges: readonly Range[], maxRunning: number | null): string {
  const text = ranges.map((r) => (r.start === r.end ? String(r.start) : r.step === 1 ? `${r.start}-${r.end}` : `${r.start}-${r.end}:${r.step}`)).join(',');
  return maxRunning === null ? text : `${text}%${maxRunning}`;
}

function arrayOf(ranges: Range[], maxRunning: number | null): JobArray {
  const spec = specOf(ranges, maxRunning);
  const colon = /:(\d+)/.exec(spec);
  return {
    spec,
    ranges,
    count: ranges.reduce((sum, r) => sum + sizeOf(r), 0),
    min: ranges[0]?.start ?? 0,
    max: ranges.at(-1)?.end ?? 0,
    step: colon ? Number(colon[1]) : 1,
    maxRunning,
  };
}

/**
 * An array cut in two after its first `head` tasks (index order), each part an array of its own: the
 * part a cluster runs now and the part that goes elsewhere. With a `%N` throttle the two together never
 * run more than N: the tail gets `%(N - head)` (head must then be below N). Ranges are cut, never
 * expanded, so a million-task array costs nothing more.
 */
export function splitArray(array: JobArray, head: number): [JobArray, JobArray] {
  if (head <= 0 || head >= array.count || (array.maxRunning !== null && head >= array.maxRunning))
    throw new RangeError(`cannot cut an array of ${array.count} tasks (%${array.maxRunning}) after ${head}`);
  const first: Range[] = [];
  const rest: Range[] = [];
  let left = head;
  for (const range of array.ranges) {
    const size = sizeOf(range);
    if (left >= size) first.push(range);
    else if (left <= 0) rest.push(range);
    else {
      const cut = range.start + left * range.step;
      first.push({ start: range.start, end: cut - range.step, step: range.step });
      rest.push({ start: cut, end: range.end, step: range.step });
    }
    left -= size;
  }
  return [arrayOf(first, array.maxRunning), arrayOf(rest, array.maxRunning === null ? null : array.maxRunning - head)];
}
