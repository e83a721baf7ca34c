import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalBackend } from '../../src/launch/local/local-backend.js';
import { sendRequest } from '../../src/launch/local/requests.js';
import { analyseScript } from '../../src/model/analyse.js';
import { LocalCluster } from '../support/local-cluster.js';
import { ROOT } from '../support/run-cli.js';

// The supervisor this test's in-process submit starts: the built one, quick to stop when idle.
process.env.SPAWN_SLURM_DIST = join(ROOT, 'dist');
process.env.SPAWN_SLURM_SUPERVISOR_IDLE_MS = '1500';

const cluster = new LocalCluster('local-feed');
afterAll(() => cluster.dispose());

const SCRIPT = '#!/bin/bash\n#SBATCH --array=0-4 -t 1 -o out-%a.txt\necho "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT, job $SLURM_JOB_ID"\n';

describe('a feed-only job (what the EC2 agent runs on an instance)', () => {
  it('starts only the tasks it is fed, each with the whole array’s Slurm environment, and ends when the rest are cancelled', async () => {
    const analysis = analyseScript({ text: SCRIPT }, { fileName: 'feed.sbatch', release: '22.05', env: {}, cliArgs: [] });
    const backend = new LocalBackend(cluster.stateDir);
    const { jobId } = backend.submit({
      job: analysis.job,
      script: Buffer.from(SCRIPT),
      submitDir: cluster.dir,
      environment: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cluster.dir },
      feedOnly: true,
    });
    sendRequest(backend.store.requestDir, { op: 'feed', jobId, arrayTaskIds: [2, 4] });
    await cluster.waitFor('tasks 2 and 4 to end', () => cluster.taskEnds(jobId).size === 2);
    const started = cluster
      .events(jobId)
      .filter((e) => e['detail-type'] === 'Task Started')
      .map((e) => e.detail.arrayTaskId);
    expect(started.sort()).toEqual([2, 4]);
    expect(cluster.read('out-2.txt')).toBe(`task 2 of 5, job ${jobId + 3}\n`);
    expect(cluster.read('out-4.txt')).toBe(`task 4 of 5, job ${jobId}\n`);

    // More work later: a task fed after the first ones still starts.
    sendRequest(backend.store.requestDir, { op: 'feed', jobId, arrayTaskIds: [0] });
    await cluster.waitFor('task 0 to end', () => cluster.taskEnds(jobId).has(0));
    expect(cluster.ended(jobId)).toBeUndefined();

    // Nothing more to claim: the tasks never fed end CANCELLED and the job ends.
    sendRequest(backend.store.requestDir, { op: 'cancel', jobId, arrayTaskIds: [1, 3], signal: null, batchOnly: false });
    await cluster.waitForEnd(jobId);
    const ends = cluster.taskEnds(jobId);
    expect([0, 2, 4].map((i) => ends.get(i)?.detail.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect([1, 3].map((i) => ends.get(i)?.detail.state)).toEqual(['CANCELLED', 'CANCELLED']);
  });
});
