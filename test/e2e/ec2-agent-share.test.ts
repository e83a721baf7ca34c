import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShare, type AgentJob } from '../../src/launch/ec2/agent/run-share.js';
import { s3ObjectStore } from '../../src/launch/ec2/job-objects/s3-object-store.js';
import { taskResults } from '../../src/launch/ec2/job-objects/task-claims.js';
import { analyseScript } from '../../src/model/analyse.js';
import { startS3Server, type S3Server } from '../support/s3-server/server.js';
import { ROOT } from '../support/run-cli.js';

process.env.SPAWN_SLURM_DIST = join(ROOT, 'dist');
process.env.SPAWN_SLURM_SUPERVISOR_IDLE_MS = '1500';

const credentials = { accessKeyId: 'AKIDAGENTTEST', secretAccessKey: 'agent-test-secret' };
let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server({ credentials: [credentials], buckets: ['jobs'] });
});
afterAll(() => s3.close());

const SCRIPT = '#!/bin/bash\n#SBATCH --array=0-5 -t 1 -o out/%A_%a.txt\necho "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT on $SLURM_JOB_ID"\nexit $((SLURM_ARRAY_TASK_ID == 3))\n';

function agentJob(submitDir: string): AgentJob {
  const analysis = analyseScript({ text: SCRIPT }, { fileName: 'share.sbatch', release: '22.05', env: {}, cliArgs: [] });
  return { jobId: 7100, job: analysis.job, script: Buffer.from(SCRIPT).toString('base64'), submitDir, environment: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: submitDir }, slots: 2 };
}

/** One simulated instance: its own store and its own copy of the submit directory's path. */
function instance(name: string, submitDir: string) {
  const stateDir = mkdtempSync(join(tmpdir(), `ec2-agent-${name}-`));
  mkdirSync(submitDir, { recursive: true });
  return { store: s3ObjectStore({ region: 'us-east-1', bucket: 'jobs', endpoint: s3.url, credentials }), prefix: 'jobs/7100/', instanceId: name, stateDir, pollMs: 50 };
}

describe("an instance's share of an EC2 job, run by the local supervisor", () => {
  it('two instances share the array, each task runs once with the Slurm environment, results and output files go to S3', async () => {
    const submitDir = mkdtempSync(join(tmpdir(), 'ec2-agent-submit-'));
    // As on a cluster, the output directory must exist (else slurmstepd ends every task 0:53).
    mkdirSync(join(submitDir, 'out'));
    // Two instances run the same submit directory path, as on a cluster with a shared file system.
    const [a, b] = await Promise.all([
      runShare({ ...instance('i-a', submitDir), agentJob: agentJob(submitDir) }),
      runShare({ ...instance('i-b', submitDir), agentJob: agentJob(submitDir) }),
    ]);
    expect([...a.ran, ...b.ran].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const store = s3ObjectStore({ region: 'us-east-1', bucket: 'jobs', endpoint: s3.url, credentials });
    const results = await taskResults(store, 'jobs/7100/');
    expect([...results.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.get(3)).toMatchObject({ exitCode: '1:0', state: 'FAILED' });
    expect(results.get(2)).toMatchObject({ exitCode: '0:0', state: 'COMPLETED' });
    // Task 2 of the 6-task array 7100 is job 7103, as Slurm numbers them.
    expect(s3.getObject('jobs', 'jobs/7100/outputs/out/7100_2.txt')?.body.toString()).toBe('task 2 of 6 on 7103\n');
    expect(JSON.parse(s3.getObject('jobs', 'jobs/7100/events/5.json')?.body.toString() ?? '{}').detail).toMatchObject({ jobId: 7100, arrayTaskId: 5, state: 'COMPLETED' });
  });

  it('an interrupted instance gives back the task it was running, and another instance runs it to its end', async () => {
    const submitDir = mkdtempSync(join(tmpdir(), 'ec2-agent-interrupted-'));
    // The first run of task 0 would take half a minute; the rerun elsewhere is quick.
    const script =
      '#!/bin/bash\n#SBATCH --array=0-2 -t 1 -o %a.out\nif [ "$SLURM_ARRAY_TASK_ID" = 0 ] && [ ! -e first-run ]; then touch first-run; sleep 30; fi\necho "task $SLURM_ARRAY_TASK_ID"\n';
    const analysis = analyseScript({ text: script }, { fileName: 'i.sbatch', release: '22.05', env: {}, cliArgs: [] });
    const job: AgentJob = {
      jobId: 7200,
      job: analysis.job,
      script: Buffer.from(script).toString('base64'),
      submitDir,
      environment: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: submitDir },
      slots: 1,
    };
    const shared = { store: s3ObjectStore({ region: 'us-east-1', bucket: 'jobs', endpoint: s3.url, credentials }), prefix: 'jobs/7200/', pollMs: 50 };
    // The notice comes once task 0 is running there.
    const a = await runShare({
      ...shared,
      instanceId: 'i-a',
      stateDir: mkdtempSync(join(tmpdir(), 'ec2-agent-a-')),
      agentJob: job,
      interrupted: async () => existsSync(join(submitDir, 'first-run')),
    });
    expect(a).toEqual({ ran: [], released: [0] });
    const b = await runShare({ ...shared, instanceId: 'i-b', stateDir: mkdtempSync(join(tmpdir(), 'ec2-agent-b-')), agentJob: job });
    expect(b.ran.sort()).toEqual([0, 1, 2]);
    const results = await taskResults(shared.store, 'jobs/7200/');
    expect(results.get(0)).toMatchObject({ instanceId: 'i-b', state: 'COMPLETED' });
    expect(s3.getObject('jobs', 'jobs/7200/outputs/0.out')?.body.toString()).toBe('task 0\n');
  });
});
