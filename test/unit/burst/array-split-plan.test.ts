import { describe, expect, it } from 'vitest';
import { planArraySplit } from '../../../src/launch/burst/array-split-plan.js';
import type { ClusterLoad } from '../../../src/launch/burst/cluster-load.js';
import { analyseScript } from '../../../src/model/analyse.js';

const NOW = 1_800_000_000;
const jobOf = (directives: string) =>
  analyseScript(
    { text: `#!/bin/sh\n${directives}\ntrue\n` },
    { fileName: 'job.sbatch', release: '22.05', env: {}, cliArgs: [], maxArraySize: 1001, arraySizeIsHardLimit: false, now: new Date() },
  ).job;

/** One 8-CPU node with `busy` CPUs taken by a job ending in an hour. */
function load(busy: number, pendingJobs = 0): ClusterLoad {
  return {
    partition: 'batch',
    partitionState: 'UP',
    pendingJobs,
    idleCpus: 8 - busy,
    expectedStart: NOW,
    basis: 'free CPUs now',
    nodes: [{ name: 'n1', state: 'MIXED', cpus: 8, allocatedCpus: busy, partitions: ['batch'] }],
    jobs: [
      {
        jobId: 9,
        arrayJobId: null,
        arrayTaskId: null,
        arrayTaskString: null,
        name: 'x',
        user: 'u',
        partition: 'batch',
        nodes: 'n1',
        state: 'RUNNING',
        reason: null,
        exitCode: null,
        submitTime: NOW,
        startTime: NOW,
        endTime: NOW + 3600,
        standardOutput: null,
        standardError: null,
        workDir: null,
        restartCount: 0,
        cpus: busy,
      },
    ],
  };
}

describe('how much of an array the cluster takes', () => {
  it('takes what its free CPUs start now when the rest would wait past start_after', () => {
    expect(planArraySplit(jobOf('#SBATCH --array=0-99 -c 2'), load(2), { start_after: 30 }, NOW)).toEqual({ head: 3, nextStart: NOW + 3600 });
  });

  it('leaves a throttled array whole when the cluster can run its full %N now, and splits it below that', () => {
    expect(planArraySplit(jobOf('#SBATCH --array=0-99%2 -c 1'), load(2), { start_after: 30 }, NOW)).toBeNull();
    expect(planArraySplit(jobOf('#SBATCH --array=0-99%5 -c 2'), load(2), { start_after: 30 }, NOW)).toEqual({ head: 3, nextStart: NOW + 3600 });
  });

  it('does not split when the rest would start soon enough, or all fit, or nothing fits, or others wait ahead', () => {
    expect(planArraySplit(jobOf('#SBATCH --array=0-99 -c 2'), load(2), { start_after: 120 }, NOW)).toBeNull();
    expect(planArraySplit(jobOf('#SBATCH --array=0-2 -c 2'), load(2), { start_after: 30 }, NOW)).toBeNull();
    expect(planArraySplit(jobOf('#SBATCH --array=0-9 -c 2'), load(7), { start_after: 30 }, NOW)).toBeNull();
    expect(planArraySplit(jobOf('#SBATCH --array=0-9 -c 2'), load(2, 1), { start_after: 30 }, NOW)).toBeNull();
  });

  it('does not split what is not a one-node array, or without start_after', () => {
    expect(planArraySplit(jobOf('#SBATCH -c 2'), load(2), { start_after: 30 }, NOW)).toBeNull();
    expect(planArraySplit(jobOf('#SBATCH --array=0-9 -N 2'), load(2), { start_after: 30 }, NOW)).toBeNull();
    expect(planArraySplit(jobOf('#SBATCH --array=0-9'), load(2), {}, NOW)).toBeNull();
  });
});
