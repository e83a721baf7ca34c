/**
 * Sets of array task indices kept as arithmetic progressions, so that `0-999999` costs as little as
 * `0-9`. Index values stay below 2^23 (Slurm's MaxArraySize cannot exceed 4000001), which keeps all
 * arithmetic exact in doubles except the CRT step, done in bigint.
 */

/** `start, start+step, …, end`; `end` is always an element, and a single index has step 1. */
export interface ArrayRange {
  start: number;
  end: number;
  step: number;
}

/** Disjoint ranges sorted by start; stepped ranges may interleave. */
export interface ArrayIndexSet {
  ranges: readonly ArrayRange[];
}

export function makeRange(start: number, last: number, step: number): ArrayRange {
  const end = start + Math.floor((last - start) / step) * step;
  return { start, end, step: end === start ? 1 : step };
}

/** Smallest and largest index of non-empty ranges (a loop: sets can hold many ranges). */
export function indexBounds(ranges: readonly ArrayRange[]): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const r of ranges) {
    if (r.start < first) first = r.start;
    if (r.end > last) last = r.end;
  }
  return { first, last };
}

function rangeCount(range: ArrayRange): number {
  return (range.end - range.start) / range.step + 1;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modular inverse of a modulo m (a and m coprime, m ≥ 1). */
function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/** The common elements of two progressions, as one progression (Chinese remainder theorem). */
function intersect(p: ArrayRange, q: ArrayRange): ArrayRange | null {
  const low = Math.max(p.start, q.start);
  const high = Math.min(p.end, q.end);
  if (low > high) return null;
  const [a, b, s1, s2] = [BigInt(p.start), BigInt(q.start), BigInt(p.step), BigInt(q.step)];
  const g = gcd(s1, s2);
  if ((b - a) % g !== 0n) return null;
  const m2 = s2 / g;
  const lcm = (s1 / g) * s2;
  const k = ((((b - a) / g) % m2) * inverse(s1 / g, m2)) % m2;
  let first = a + s1 * (((k % m2) + m2) % m2);
  const bigLow = BigInt(low);
  if (first < bigLow) first += ((bigLow - first + lcm - 1n) / lcm) * lcm;
  else first -= ((first - bigLow) / lcm) * lcm;
  if (first > BigInt(high)) return null;
  return makeRange(Number(first), high, Number(lcm));
}

/** p minus q, as disjoint progressions inside p. */
function subtract(p: ArrayRange, q: ArrayRange): ArrayRange[] {
  const common = intersect(p, q);
  if (!common) return [p];
  const pieces: ArrayRange[] = [];
  if (common.start > p.start) pieces.push(makeRange(p.start, common.start - p.step, p.step));
  const removed = rangeCount(common);
  const stride = common.step / p.step;
  if (removed >= 2 && stride >= 2) {
    // The gaps between removed elements: either stride-1 interleaved progressions of step
    // common.step, or removed-1 runs of step p.step, whichever is fewer.
    if (stride - 1 <= removed - 1) {
      for (let r = 1; r < stride; r++) pieces.push(makeRange(common.start + r * p.step, common.end - common.step + r * p.step, common.step));
    } else {
      for (let u = 0; u < removed - 1; u++) {
        const start = common.start + u * common.step + p.step;
        pieces.push(makeRange(start, start + (stride - 2) * p.step, p.step));
      }
    }
  }
  if (common.end < p.end) pieces.push(makeRange(common.end + p.step, p.end, p.step));
  return pieces;
}

function overlaps(p: ArrayRange, q: ArrayRange): boolean {
  return p.start <= q.end && q.start <= p.end;
}

/**
 * Beyond this many pieces the progressions interfere too much (many overlapping steps) and the
 * union is computed on a bitmap instead, like slurmctld does; indices are bounded, so that stays cheap.
 */
const MAX_PIECES = 1024;
/** Larger than any MaxArraySize (4000001). */
const MAX_BITMAP_SPAN = 1 << 23;

/** The union of progressions as an {@link ArrayIndexSet}, never listing single indices. */
export function unionOfRanges(ranges: readonly ArrayRange[]): ArrayIndexSet {
  const { first, last } = indexBounds(ranges);
  const bitmapAffordable = last - first < MAX_BITMAP_SPAN;
  const disjoint: ArrayRange[] = [];
  for (const range of ranges) {
    let pieces = [range];
    for (const existing of disjoint) {
      if (!pieces.some((piece) => overlaps(piece, existing))) continue;
      pieces = pieces.flatMap((piece) => (overlaps(piece, existing) ? subtract(piece, existing) : [piece]));
      if (bitmapAffordable && pieces.length + disjoint.length > MAX_PIECES) return unionByBitmap(ranges);
      if (!pieces.length) break;
    }
    disjoint.push(...pieces);
  }
  disjoint.sort((a, b) => a.start - b.start || a.end - b.end);
  return { ranges: mergeNeighbours(disjoint) };
}

/** The union through a bitmap over [min, max], then compressed into progressions greedily. */
function unionByBitmap(ranges: readonly ArrayRange[]): ArrayIndexSet {
  const { first: low, last: high } = indexBounds(ranges);
  const bits = new Uint8Array(high - low + 1);
  for (const r of ranges) for (let i = r.start; i <= r.end; i += r.step) bits[i - low] = 1;
  const result: ArrayRange[] = [];
  let current: ArrayRange | null = null;
  for (let offset = 0; offset < bits.length; offset++) {
    if (!bits[offset]) continue;
    const index = low + offset;
    if (current === null) {
      current = { start: index, end: index, step: 1 };
    } else if (current.start === current.end) {
      current = { start: current.start, end: index, step: index - current.start };
    } else if (index - current.end === current.step) {
      current.end = index;
    } else {
      result.push(current);
      current = { start: index, end: index, step: 1 };
    }
  }
  if (current) result.push(current);
  return { ranges: result };
}

/** Joins ranges that continue each other (`1-3` and `4-6`, `0-8:2` and `10`, or `1` and `5`). */
function mergeNeighbours(sorted: ArrayRange[]): ArrayRange[] {
  const merged: ArrayRange[] = [];
  for (const next of sorted) {
    const current = merged[merged.length - 1];
    const step = current === undefined ? 0 : rangeCount(current) > 1 ? current.step : next.start - current.end;
    const continues = current !== undefined && next.start > current.end && next.start - current.end === step && (rangeCount(next) === 1 || next.step === step);
    if (current !== undefined && continues) merged[merged.length - 1] = { start: current.start, end: next.end, step };
    else merged.push(next);
  }
  return merged;
}

export function indexCount(set: ArrayIndexSet): number {
  return set.ranges.reduce((sum, range) => sum + rangeCount(range), 0);
}

export function arrayIncludes(set: ArrayIndexSet, index: number): boolean {
  return set.ranges.some((r) => index >= r.start && index <= r.end && (index - r.start) % r.step === 0);
}

function interleaves(ranges: readonly ArrayRange[]): boolean {
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1];
    const current = ranges[i];
    if (previous && current && current.start <= previous.end) return true;
  }
  return false;
}

/** Every index of the set in increasing order, produced lazily. */
export function* arrayIndices(set: ArrayIndexSet): Generator<number, void, undefined> {
  const ranges = [...set.ranges].sort((a, b) => a.start - b.start);
  if (!interleaves(ranges)) {
    for (const range of ranges) for (let i = range.start; i <= range.end; i += range.step) yield i;
    return;
  }
  // Interleaved progressions: a min-heap of cursors, one per range.
  const heap: { next: number; range: ArrayRange }[] = [];
  const less = (a: number, b: number) => (heap[a]?.next ?? Infinity) < (heap[b]?.next ?? Infinity);
  const swap = (a: number, b: number) => {
    const [x, y] = [heap[a], heap[b]];
    if (x && y) [heap[a], heap[b]] = [y, x];
  };
  const siftDown = (at: number) => {
    for (;;) {
      const [left, right] = [2 * at + 1, 2 * at + 2];
      let smallest = at;
      if (left < heap.length && less(left, smallest)) smallest = left;
      if (right < heap.length && less(right, smallest)) smallest = right;
      if (smallest === at) return;
      swap(at, smallest);
      at = smallest;
    }
  };
  for (const range of ranges) heap.push({ next: range.start, range });
  for (let i = Math.floor(heap.length / 2) - 1; i >= 0; i--) siftDown(i);
  while (heap.length) {
    const top = heap[0];
    if (!top) return;
    yield top.next;
    top.next += top.range.step;
    if (top.next > top.range.end) {
      const last = heap.pop();
      if (last && heap.length) heap[0] = last;
    }
    siftDown(0);
  }
}

/** Maximal runs of consecutive indices, in order; a step-1 range is taken as a whole. */
export function* consecutiveRuns(set: ArrayIndexSet): Generator<{ first: number; last: number }, void, undefined> {
  let run: { first: number; last: number } | null = null;
  const ranges = [...set.ranges].sort((a, b) => a.start - b.start);
  const pieces: Iterable<{ first: number; last: number }> = interleaves(ranges)
    ? (function* () {
        for (const i of arrayIndices(set)) yield { first: i, last: i };
      })()
    : (function* () {
        for (const range of ranges) {
          if (range.step === 1) yield { first: range.start, last: range.end };
          else for (let i = range.start; i <= range.end; i += range.step) yield { first: i, last: i };
        }
      })();
  for (const piece of pieces) {
    if (run && piece.first === run.last + 1) {
      run.last = piece.last;
      continue;
    }
    if (run) yield run;
    run = { ...piece };
  }
  if (run) yield run;
}

/** The step d when the set is exactly first, first+d, …, last with d > 1; otherwise null. */
export function singleProgressionStep(set: ArrayIndexSet): number | null {
  const count = indexCount(set);
  if (count < 2) return null;
  const { first, last } = indexBounds(set.ranges);
  let second = Infinity;
  for (const r of set.ranges) second = Math.min(second, r.start === first ? (rangeCount(r) > 1 ? r.start + r.step : Infinity) : r.start);
  const step = second - first;
  if (!Number.isFinite(step) || step < 2 || (last - first) % step !== 0 || (last - first) / step + 1 !== count) return null;
  const onGrid = set.ranges.every((r) => (r.start - first) % step === 0 && (rangeCount(r) === 1 || r.step % step === 0));
  return onGrid ? step : null;
}
