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
 * The rows of the `params` list as text chunks, one row per instance: a passthrough key with the
 * indices of the tasks that instance runs (`"4"`, or `"4,5,6,7"` when tasks share instances), a
 * single row naming the job otherwise. `format` renders one row map.
 */
export function* rowChunks(array: JobArray | null, jobName: string, format: (row: Record<string, string>) => string, tasksPerRow = 1): Generator<string> {
  if (!array) {
    yield format({ name: jobName });
    return;
  }
  let chunk = '';
  let rows = 0;
  let share: number[] = [];
  const flush = () => {
    chunk += format({ [ARRAY_INDEX_KEY]: share.join(',') });
    share = [];
    rows++;
  };
  for (const index of indices(array)) {
    share.push(index);
    if (share.length === tasksPerRow) flush();
    if (rows === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      rows = 0;
    }
  }
  if (share.length > 0) flush();
  if (chunk) yield chunk;
}
