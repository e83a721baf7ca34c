import { readdirSync, readFileSync } from 'node:fs';

/** The variable every task process (and whatever it starts) carries, naming the store and the task. */
export const TASK_MARKER = 'SPAWN_SLURM_TASK';

/**
 * Processes left running by a supervisor that died: every process whose environment carries this
 * store's task marker. Found through /proc, so a task that was started but not yet recorded is
 * found too. Returns the pids.
 */
export function findOrphanedTasks(storeId: string): number[] {
  const needle = Buffer.from(`\0${TASK_MARKER}=${storeId}:`);
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`)]);
      if (environ.includes(needle)) found.push(Number(entry));
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return found;
}

/** Stops them for good: each process and its process group. */
export function killOrphans(pids: readonly number[]): void {
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Already gone, or not a group leader.
      }
    }
  }
}
