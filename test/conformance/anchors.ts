import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobIds } from './cases.js';
import { submit, type Oracle } from './oracle.js';

/** The tasks of the anchor array, which dependency cases may name. */
export const ANCHOR_ARRAY_TASKS = [1, 2, 3];

/** Held jobs for the dependency cases to point at: two plain ones and an array. */
export function submitAnchors(o: Oracle, dir: string, submitted: number[]): JobIds {
  const anchor = (name: string, extra: string[]) => {
    writeFileSync(join(dir, name), '#!/bin/sh\ntrue\n');
    const result = submit(o, name, ['--hold', ...extra], dir);
    if (result.jobId === null) throw new Error(`cannot submit the anchor job ${name}: ${result.stderr}`);
    submitted.push(result.jobId);
    return result.jobId;
  };
  return { dep: anchor('anchor-a.sbatch', []), dep2: anchor('anchor-b.sbatch', []), arr: anchor('anchor-arr.sbatch', [`--array=${ANCHOR_ARRAY_TASKS[0]}-${ANCHOR_ARRAY_TASKS.at(-1)}`]) };
}
