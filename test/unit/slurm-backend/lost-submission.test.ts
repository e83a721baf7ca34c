import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlurmBackend } from '../../../src/launch/slurm/slurm-backend.js';
import { analyseScript } from '../../../src/model/analyse.js';
import type { ClusterTarget } from '../../../src/store/cluster-ref.js';
import { answer, FakeSlurmrestd, openapiServing } from '../../support/fake-slurmrestd.js';

const SCRIPT = '#!/bin/sh\n#SBATCH -J lost-answer -t 5\ntrue\n';

function submission(submitDir: string) {
  const analysis = analyseScript({ text: SCRIPT }, { fileName: 'job.sbatch', release: '22.05', env: {}, cliArgs: [], maxArraySize: 1001, arraySizeIsHardLimit: false, now: new Date() });
  return { job: analysis.job, script: Buffer.from(SCRIPT), submitDir, environment: { PATH: '/usr/bin:/bin' } };
}

/** A slurmrestd whose controller makes the job but whose answer to the submit never arrives. */
function droppingServer(makeJob: boolean, jobs: { id: number; user: string; name: string }[]) {
  return new FakeSlurmrestd((req, res) => {
    if (req.path === '/openapi/v3') return answer(res, 200, openapiServing(['v0.0.42']));
    if (req.path === '/slurm/v0.0.42/job/submit') {
      const body = req.body as { job: { name: string; current_working_directory: string } };
      if (makeJob) jobs.push({ id: 4242, user: 'alice', name: body.job.name });
      res.socket?.destroy();
      return;
    }
    if (req.path === '/slurm/v0.0.42/jobs/') {
      const now = Math.floor(Date.now() / 1000);
      return answer(res, 200, {
        jobs: jobs.map((j) => ({ job_id: j.id, user_name: j.user, name: j.name, current_working_directory: workDir, submit_time: { set: true, number: now }, job_state: ['PENDING'] })),
      });
    }
    if (req.path.startsWith('/slurm/v0.0.42/job/')) return answer(res, 200, { jobs: [{ job_id: 4242, partition: 'batch', job_state: ['PENDING'] }] });
    answer(res, 404, 'not found');
  });
}

let workDir = '';
let stateDir = '';

describe('a submit whose answer is lost', () => {
  let server: FakeSlurmrestd | null = null;
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'spawn-slurm-lost-'));
    stateDir = join(workDir, '.state');
  });
  afterEach(async () => {
    await server?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const target = (url: string): ClusterTarget => ({ name: 'fake', url, user: 'alice', token: { kind: 'none' }, apiVersion: 'auto' });

  it('finds the job the controller made and records it once, without submitting again', async () => {
    const jobs: { id: number; user: string; name: string }[] = [{ id: 17, user: 'bob', name: 'lost-answer' }];
    server = droppingServer(true, jobs);
    const backend = new SlurmBackend(stateDir, target(await server.start()));
    await expect(backend.submit(submission(workDir))).resolves.toEqual({ jobId: 4242 });
    expect(server.requests.filter((r) => r.path.endsWith('/job/submit'))).toHaveLength(1);
    expect(backend.store.jobIds()).toEqual([4242]);
    expect(backend.store.readRecord(4242)?.partition).toBe('batch');
  });

  it('reports the lost connection when the controller made no job (a retry is safe)', async () => {
    server = droppingServer(false, []);
    const backend = new SlurmBackend(stateDir, target(await server.start()));
    await expect(backend.submit(submission(workDir))).rejects.toThrow(/socket hang up during submit, and the cluster has no new job named "lost-answer": nothing was submitted$/);
    expect(backend.store.jobIds()).toEqual([]);
  });

  it('refuses to guess when two new jobs look like this one', async () => {
    server = droppingServer(true, [{ id: 4241, user: 'alice', name: 'lost-answer' }]);
    const backend = new SlurmBackend(stateDir, target(await server.start()));
    await expect(backend.submit(submission(workDir))).rejects.toThrow('the connection to slurmrestd was lost during submit, and jobs 4241, 4242 all look like this one');
    expect(backend.store.jobIds()).toEqual([]);
  });
});
