import { describe, expect, it } from 'vitest';
import { estimateStart } from '../../../src/launch/burst/cluster-load.js';
import { decideBurst } from '../../../src/launch/burst/decide.js';
import type { NodeInfo } from '../../../src/launch/slurm/cluster-api.js';
import type { RemoteJob } from '../../../src/launch/slurm/remote-job.js';

const NOW = 1_800_000_000;
const node = (name: string, cpus: number, allocatedCpus: number, state = 'MIXED'): NodeInfo => ({ name, state, cpus, allocatedCpus, partitions: ['batch'] });
const job = (fields: Partial<RemoteJob>): RemoteJob => ({
  jobId: 1,
  arrayJobId: null,
  arrayTaskId: null,
  arrayTaskString: null,
  name: 'j',
  user: 'u',
  partition: 'batch',
  nodes: null,
  state: 'RUNNING',
  reason: null,
  exitCode: null,
  submitTime: NOW - 100,
  startTime: NOW - 60,
  endTime: null,
  standardOutput: null,
  standardError: null,
  workDir: null,
  restartCount: 0,
  cpus: 1,
  ...fields,
});

describe('when a cluster would start a job', () => {
  it('now, when its CPUs are free and nothing waits ahead', () => {
    expect(estimateStart(4, [node('n1', 8, 2), node('n2', 8, 8)], [], 'batch', NOW)).toEqual({ idleCpus: 6, pendingJobs: 0, expectedStart: NOW, basis: 'free CPUs now' });
  });

  it('when enough running jobs have ended, counting what waits ahead and ignoring down nodes and held jobs', () => {
    const jobs = [
      job({ jobId: 2, cpus: 4, endTime: NOW + 600 }),
      job({ jobId: 3, cpus: 4, endTime: NOW + 3600 }),
      job({ jobId: 4, state: 'PENDING', cpus: 2, startTime: null }),
      job({ jobId: 5, state: 'PENDING', reason: 'JobHeldUser', cpus: 64, startTime: null }),
    ];
    // 8 CPUs all busy; 4 needed by this job and 2 by job 4 ahead: free after job 3 ends.
    expect(estimateStart(4, [node('n1', 8, 8, 'ALLOCATED'), node('n9', 64, 0, 'DOWN')], jobs, 'batch', NOW)).toEqual({
      idleCpus: 0,
      pendingJobs: 1,
      expectedStart: NOW + 3600,
      basis: 'running jobs ending',
    });
  });

  it('cannot say when the jobs in the way have no time limit', () => {
    expect(estimateStart(2, [node('n1', 2, 2)], [job({ cpus: 2, endTime: null })], 'batch', NOW).expectedStart).toBeNull();
  });
});

describe('where --backend auto runs a job', () => {
  const load = { partition: 'batch', partitionState: 'UP', pendingJobs: 3, idleCpus: 0, expectedStart: NOW + 7500, basis: 'running jobs ending' as const, nodes: [], jobs: [] };

  it('bursts when the expected start is later than start_after, saying when and why', () => {
    expect(decideBurst({ start_after: 30 }, 'hpc', 'local', load, NOW)).toEqual({
      stay: false,
      reason: 'partition batch of cluster hpc expects to start it at 2027-01-15 10:05 UTC, in 2 h 5 min (start_after: 30 min; running jobs ending): running it on local',
    });
  });

  it('stays when the start is soon enough', () => {
    expect(decideBurst({ start_after: 180 }, 'hpc', 'local', load, NOW)).toEqual({
      stay: true,
      reason: 'partition batch of cluster hpc expects to start it in 2 h 5 min (running jobs ending): submitting there',
    });
  });

  it('bursts when too many jobs wait, or the partition is down, or the cluster cannot be asked', () => {
    expect(decideBurst({ pending_over: 2 }, 'hpc', 'local', load, NOW).reason).toBe('partition batch of cluster hpc has 3 jobs waiting (pending_over: 2): running it on local');
    expect(decideBurst({}, 'hpc', 'local', { ...load, partitionState: 'DOWN' }, NOW).reason).toBe('partition batch of cluster hpc is DOWN: running it on local');
    expect(decideBurst({}, 'hpc', 'local', { ...load, partition: 'gpu', partitionState: null }, NOW).reason).toBe('cluster hpc has no partition gpu: running it on local');
    expect(decideBurst({}, 'hpc', 'local', { unreachable: 'connection refused' }, NOW)).toEqual({
      stay: false,
      reason: 'cluster hpc cannot be asked (connection refused): running it on local',
    });
  });

  it('keeps the job on the cluster when partition_down is off, and when the start cannot be foreseen', () => {
    expect(decideBurst({ partition_down: false }, 'hpc', 'local', { ...load, partitionState: 'DOWN' }, NOW).stay).toBe(true);
    expect(decideBurst({ partition_down: false }, 'hpc', 'local', { unreachable: 'x' }, NOW).stay).toBe(true);
    expect(decideBurst({ start_after: 10 }, 'hpc', 'local', { ...load, expectedStart: null, basis: 'unknown' }, NOW).reason).toBe(
      'partition batch of cluster hpc cannot say when the job would start (no time limits to go by): submitting there',
    );
  });
});
