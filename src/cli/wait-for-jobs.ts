import { setTimeout as sleep } from 'node:timers/promises';
import { ensureSupervisor } from '../launch/local/supervisor-process.js';
import { waitExitStatus } from '../launch/local/task-outcome.js';
import { openClusterStore } from '../launch/slurm/cluster-store.js';
import { refreshClusters } from '../launch/slurm/refresh.js';
import { openEc2Store } from '../launch/ec2/ec2-store.js';
import { refreshEc2Jobs } from '../launch/ec2/tracking/refresh-jobs.js';
import { JobStore } from '../store/store.js';

interface Polling {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Run before each look at the store: what keeps the jobs moving or their records current. */
  beforeLook: () => Promise<void> | void;
}

/** Polls the store until every job has ended; the highest exit status among them, as sbatch -W returns. */
async function waitInStore(store: JobStore, jobIds: readonly number[], polling: Polling): Promise<number> {
  let delay = polling.firstDelayMs;
  let status = 0;
  const waiting = new Set(jobIds);
  for (;;) {
    await polling.beforeLook();
    for (const id of [...waiting]) {
      // The active marker goes only after Job Ended is written: read the (possibly long) log once.
      if (store.isActive(id)) continue;
      const ended = store.readEvents(id).find((e) => e['detail-type'] === 'Job Ended');
      status = Math.max(status, ended ? waitExitStatus(ended.detail.exitCode) : 1);
      waiting.delete(id);
    }
    if (waiting.size === 0) return status;
    await sleep(delay);
    delay = Math.min(delay * 2, polling.maxDelayMs);
  }
}

/**
 * sbatch --wait for local jobs: from 50 ms apart up to 1 s (sbatch polls every 2 s, growing; reading the
 * store is cheap). A supervisor that died meanwhile is restarted, so the wait always ends.
 */
export function waitForJobs(stateDir: string, jobIds: readonly number[]): Promise<number> {
  const store = new JobStore(stateDir);
  return waitInStore(store, jobIds, {
    firstDelayMs: 50,
    maxDelayMs: 1000,
    beforeLook: () => {
      if (jobIds.some((id) => store.isActive(id))) ensureSupervisor(store);
    },
  });
}

/** sbatch --wait for jobs on a cluster: asks the cluster from 0.5 s apart, doubling up to 10 s. */
export function waitForClusterJobs(stateDir: string, cluster: string, jobIds: readonly number[]): Promise<number> {
  return waitInStore(openClusterStore(stateDir, cluster), jobIds, {
    firstDelayMs: 500,
    maxDelayMs: 10_000,
    beforeLook: async () => {
      await refreshClusters(stateDir);
    },
  });
}

/**
 * sbatch --wait for EC2 jobs: asks S3 and EC2 from 1 s apart, doubling up to 15 s; the job's output
 * files come back into the submit directory as its tasks end.
 */
export function waitForEc2Jobs(stateDir: string, jobIds: readonly number[]): Promise<number> {
  const said = new Set<string>();
  // A fixed interval instead (tests against local servers).
  const fixed = Number(process.env.SPAWN_SLURM_EC2_POLL_MS) || 0;
  return waitInStore(openEc2Store(stateDir), jobIds, {
    firstDelayMs: fixed || 1000,
    maxDelayMs: fixed || 15_000,
    beforeLook: async () => {
      await refreshEc2Jobs(
        stateDir,
        (line) => {
          if (!said.has(line)) process.stderr.write(`spawn-slurm: ${line}\n`);
          said.add(line);
        },
        new Set(jobIds),
      );
    },
  });
}
