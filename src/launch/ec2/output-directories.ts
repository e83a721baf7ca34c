import { statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { JobRecord } from '../../store/job-record.js';
import { taskJobIdAt } from '../../store/job-view.js';
import { TaskFileNames } from '../task-script/output-files.js';
import { indexAtPosition } from '../../model/array-positions.js';

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The directories under the submit directory that the job's output and error files go into and that
 * exist here: an instance recreates them, since Slurm fails a task whose output directory is missing
 * (and the user made them on the cluster's shared file system, where the job would have run). The first
 * and last task stand for all: patterns differ between tasks in file names, rarely in directories.
 */
export function outputDirectories(record: JobRecord): string[] {
  const files = new TaskFileNames(record);
  const array = record.job.array;
  const positions = array ? [0, array.count - 1] : [0];
  const found = new Set<string>();
  for (const position of positions) {
    const arrayTaskId = array ? indexAtPosition(array, position) : null;
    const names = files.forTask(arrayTaskId, taskJobIdAt(record, position));
    for (const file of [names.stdout, names.stderr]) {
      const directory = dirname(file);
      const inside = relative(record.submitDir, directory);
      if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) continue;
      if (isDirectory(directory)) found.add(inside);
    }
  }
  return [...found].sort();
}
