import type { JobArray } from '../../model/schema.js';

/** The passthrough key that carries a task's array index; the task script reads `$PARAM_slurm_array_task_id`. */
const ARRAY_INDEX_KEY = 'slurm_array_task_id';

/** Rows per chunk handed to the writer. */
const ROWS_PER_CHUNK = 8192;

/** The array's indices in order, range by range: never a list of them. */
function* indices(array: JobArray): Generator<number> {
  for (const range of array.ranges) for (let i = range.start; i <= range.end; i += range.step) yield i;
}

/**
 * The rows of the `params` list as text chunks, one row per task: a passthrough key with the index
 * as a string for an array, a single row naming the job otherwise. `format` renders one row map.
 */
export function* rowChunks(array: JobArray | null, jobName: string, format: (row: Record<string, string>) => string): Generator<string> {
  if (!array) {
    yield format({ name: jobName });
    return;
  }
  let chunk = '';
  let rows = 0;
  for (const index of indices(array)) {
    chunk += format({ [ARRAY_INDEX_KEY]: String(index) });
    if (++rows === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      rows = 0;
    }
  }
  if (chunk) yield chunk;
}
