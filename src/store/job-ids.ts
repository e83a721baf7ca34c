import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write.js';
import { withLock } from './lock.js';

/** Slurm's first job id on a fresh cluster. */
const FIRST_JOB_ID = 1;

/**
 * Reserves `count` consecutive job ids and returns the first. Ids only ever increase and are never
 * handed out twice, also to submits racing in other shells: the counter is read and advanced under a
 * lock, and written atomically. An array reserves one id per task (Slurm gives every started task its
 * own id), so its tasks' ids never collide with a later job's.
 */
export function reserveJobIds(stateDir: string, count: number): number {
  const counterPath = join(stateDir, 'next-job-id');
  return withLock(join(stateDir, 'next-job-id.lock'), () => {
    let next = FIRST_JOB_ID;
    try {
      const text = readFileSync(counterPath, 'utf8').trim();
      if (/^\d+$/.test(text)) next = Number(text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    writeFileAtomicSync(counterPath, `${next + count}\n`, 0o644);
    return next;
  });
}
