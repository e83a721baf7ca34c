import { setTimeout as sleep } from 'node:timers/promises';
import { ensureSupervisor } from '../launch/local/supervisor-process.js';
import { waitExitStatus } from '../launch/local/task-outcome.js';
import { JobStore } from '../store/store.js';

/**
 * sbatch --wait: polls until every job has ended (sbatch polls every 2 s, growing; here from 50 ms up
 * to 1 s, as reading the store is cheap) and returns the highest exit status among them. A supervisor
 * that died meanwhile is restarted, so the wait always ends.
 */
export async function waitForJobs(stateDir: string, jobIds: readonly number[]): Promise<number> {
  const store = new JobStore(stateDir);
  let delay = 50;
  let status = 0;
  const waiting = new Set(jobIds);
  while (waiting.size > 0) {
    for (const id of [...waiting]) {
      // The active marker goes only after Job Ended is written: read the (possibly long) log once.
      if (store.isActive(id)) continue;
      const ended = store.readEvents(id).find((e) => e['detail-type'] === 'Job Ended');
      status = Math.max(status, ended ? waitExitStatus(ended.detail.exitCode) : 1);
      waiting.delete(id);
    }
    if (waiting.size === 0) break;
    ensureSupervisor(store);
    await sleep(delay);
    delay = Math.min(delay * 2, 1000);
  }
  return status;
}
