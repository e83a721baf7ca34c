import type { JobArray } from '../../model/schema.js';

/** The passthrough key that carries a task's array index; the task script reads `$PARAM_slurm_array_task_id`. */
const ARRAY_INDEX_KEY = 'slurm_array_task_id';

/** Rows per chunk handed to the writer. */
const ROWS_PER_CHUNK = 8192;

/** The array's indices in order, range by range: never a list of them. */
function* indices(array: JobArray): Generator<number> {
  for (const range of array.ranges) for (let i = range.start; i <= range.end; i += range.step) yield i;
}

/** spawn carries each passthrough value in an EC2 tag (spawn-params.md). */
const VALUE_LIMIT = 256;

/**
 * The rows of the `params` list as text chunks, one row per instance: a passthrough key with the
 * indices of the tasks that instance runs, in Slurm's range syntax (`"4"`, or `"4-7"` when tasks share
 * instances), a single row naming the job otherwise. A row whose indices would not fit in a tag ends
 * early, with fewer tasks. `format` renders one row map.
 */
export function* rowChunks(array: JobArray | null, jobName: string, format: (row: Record<string, string>) => string, tasksPerRow = 1): Generator<string> {
  if (!array) {
    yield format({ name: jobName });
    return;
  }
  let chunk = '';
  let rows = 0;
  // The row's indices in range syntax: the closed runs, then the open run runStart-last.
  let closed = '';
  let runStart = -1;
  let last = -1;
  let count = 0;
  const run = (from: number, to: number) => (from === to ? String(from) : `${from}-${to}`);
  const joined = (head: string, tail: string) => (head ? `${head},${tail}` : tail);
  const flush = () => {
    chunk += format({ [ARRAY_INDEX_KEY]: joined(closed, run(runStart, last)) });
    count = 0;
    rows++;
  };
  for (const index of indices(array)) {
    if (count > 0) {
      const extends_ = index === last + 1;
      const next = extends_ ? joined(closed, run(runStart, index)) : joined(joined(closed, run(runStart, last)), String(index));
      if (next.length > VALUE_LIMIT) flush();
      else if (!extends_) {
        closed = joined(closed, run(runStart, last));
        runStart = index;
      }
    }
    if (count === 0) {
      closed = '';
      runStart = index;
    }
    last = index;
    if (++count === tasksPerRow) flush();
    if (rows === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      rows = 0;
    }
  }
  if (count > 0) flush();
  if (chunk) yield chunk;
}
