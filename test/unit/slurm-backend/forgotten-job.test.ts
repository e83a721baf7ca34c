import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { remoteJobFromSacct } from '../../../src/launch/slurm/commands-api.js';
import { refreshClusters } from '../../../src/launch/slurm/refresh.js';
import { SlurmBackend } from '../../../src/launch/slurm/slurm-backend.js';
import { analyseScript } from '../../../src/model/analyse.js';
import { foldJob } from '../../../src/store/job-view.js';
import { answer, FakeSlurmrestd, openapiServing } from '../../support/fake-slurmrestd.js';

const SCRIPT = '#!/bin/sh\n#SBATCH -J forgotten -t 5 -p batch\nsleep 60\n';

describe('a cluster job the controller forgets before it is seen to end', () => {
  let server: FakeSlurmrestd | null = null;
  let dir = '';
  afterEach(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends UNKNOWN (not running for ever) when the controller no longer knows it and there is no accounting', async () => {
    dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-forgotten-'));
    let listed = true;
    server = new FakeSlurmrestd((req, res) => {
      if (req.path === '/openapi/v3') return answer(res, 200, openapiServing(['v0.0.42']));
      if (req.path.endsWith('/job/submit')) return answer(res, 200, { job_id: 77 });
      const running = { job_id: 77, name: 'forgotten', user_name: 'alice', partition: 'batch', nodes: 'cn1', job_state: ['RUNNING'], start_time: { set: true, number: 1_800_000_000 } };
      if (req.path === '/slurm/v0.0.42/jobs/') return answer(res, 200, { jobs: listed ? [running] : [] });
      if (req.path === '/slurm/v0.0.42/job/77')
        return listed ? answer(res, 200, { jobs: [running] }) : answer(res, 500, { errors: [{ error_number: 2017, description: 'Unable to find JobId=77' }] });
      answer(res, 404, 'not found');
    });
    const url = await server.start();
    const backend = new SlurmBackend(join(dir, 'state'), { name: 'fake', url, user: 'alice', token: { kind: 'none' }, apiVersion: 'auto' });
    const job = analyseScript({ text: SCRIPT }, { fileName: 'job.sbatch', release: '22.05', env: {}, cliArgs: [], maxArraySize: 1001, arraySizeIsHardLimit: false, now: new Date() }).job;
    await backend.submit({ job, script: Buffer.from(SCRIPT), submitDir: dir, environment: { PATH: '/usr/bin' } });

    await refreshClusters(join(dir, 'state'));
    const store = backend.store;
    expect(foldJob(store.readRecord(77) as never, store.readEvents(77)).tasks.get(0)?.state).toBe('RUNNING');

    listed = false;
    await refreshClusters(join(dir, 'state'));
    const view = foldJob(store.readRecord(77) as never, store.readEvents(77));
    expect(view.tasks.get(0)).toMatchObject({ state: 'UNKNOWN', reason: 'NotInController' });
    expect(view.ended).toMatchObject({ state: 'UNKNOWN' });
    expect(store.activeJobIds()).toEqual([]);
  });
});

describe("sacct's lines for a forgotten job", () => {
  it('reads jobs and array tasks, and skips steps', () => {
    expect(remoteJobFromSacct('12_3|15|sweep|alice|batch|cn1|COMPLETED|0:0|2026-12-02T06:00:00|2026-12-02T06:00:05|2026-12-02T06:01:00|/home/alice|2')).toMatchObject({
      jobId: 15,
      arrayJobId: 12,
      arrayTaskId: 3,
      state: 'COMPLETED',
      exitCode: '0:0',
      nodes: 'cn1',
      workDir: '/home/alice',
      cpus: 2,
    });
    expect(remoteJobFromSacct('12_[4-9]|12|sweep|alice|batch|None assigned|CANCELLED by 0|0:0|2026-12-02T06:00:00|None|2026-12-02T06:01:00||0')).toMatchObject({
      arrayTaskString: '4-9',
      state: 'CANCELLED',
      nodes: null,
      startTime: null,
    });
    expect(remoteJobFromSacct('15.batch|15.batch|batch||||COMPLETED|0:0|||||')).toBeNull();
    expect(remoteJobFromSacct('')).toBeNull();
  });
});
