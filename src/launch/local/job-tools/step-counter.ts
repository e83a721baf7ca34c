import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../../store/atomic-write.js';
import { withLock } from '../../../store/lock.js';

/** The next step id of a running task (0, 1, 2, …), from a counter beside its job's record. */
export function nextStepId(stateDir: string, jobId: number, taskJobId: number): number {
  const path = join(stateDir, 'jobs', String(jobId), `steps-${taskJobId}`);
  return withLock(`${path}.lock`, () => {
    let next = 0;
    try {
      next = Number(readFileSync(path, 'utf8').trim()) || 0;
    } catch {
      // The first step.
    }
    writeFileAtomicSync(path, `${next + 1}\n`, 0o600, false);
    return next;
  });
}
