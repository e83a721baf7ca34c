import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShare, type AgentJob, type ShareOptions } from '../../src/launch/ec2/agent/run-share.js';
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

const objectStore = () => s3ObjectStore({ region: 'us-east-1', bucket: 'jobs', endpoint: s3.url, credentials });

/** A job as the client would put it in S3, run from a fresh submit directory. */
function agentJob(jobId: number, script: string, slots: number): AgentJob {
  const submitDir = mkdtempSync(join(tmpdir(), `ec2-agent-${jobId}-`));
  const analysis = analyseScript({ text: script }, { fileName: 'job.sbatch', release: '22.05', env: {}, cliArgs: [] });
  return { jobId, job: analysis.job, script: Buffer.from(script).toString('base64'), submitDir, environment: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: submitDir }, slots };
}

/**
 * One simulated instance: its own local store, the job's S3 prefix, and the submit directory's path,
 * shared by all instances as a cluster's shared file system would be.
 */
function instance(id: string, job: AgentJob, extra: Partial<ShareOptions> = {}) {
  return runShare({ store: objectStore(), prefix: `jobs/${job.jobId}/`, instanceId: id, stateDir: mkdtempSync(join(tmpdir(), `ec2-agent-${id}-`)), agentJob: job, pollMs: 50, ...extra });
}

describe("an instance's share of an EC2 job, run by the local supervisor", () => {
  it('two instances share the array, each task runs once with the Slurm environment, results and output files go to S3', async () => {
    const job = agentJob(
      7100,
      '#!/bin/bash\n#SBATCH --array=0-5 -t 1 -o out/%A_%a.txt\necho "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT on $SLURM_JOB_ID"\nexit $((SLURM_ARRAY_TASK_ID == 3))\n',
      2,
    );
    // As on a cluster, the output directory must exist (else slurmstepd ends every task 0:53).
    mkdirSync(join(job.submitDir, 'out'));
    const [a, b] = await Promise.all([instance('i-a', job), instance('i-b', job)]);
    expect([...a.ran, ...b.ran].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const results = await taskResults(objectStore(), 'jobs/7100/');
    expect([...results.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.get(3)).toMatchObject({ exitCode: '1:0', state: 'FAILED' });
    expect(results.get(2)).toMatchObject({ exitCode: '0:0', state: 'COMPLETED' });
    // Task 2 of the 6-task array 7100 is job 7103, as Slurm numbers them.
    expect(s3.getObject('jobs', 'jobs/7100/outputs/out/7100_2.txt')?.body.toString()).toBe('task 2 of 6 on 7103\n');
    expect(JSON.parse(s3.getObject('jobs', 'jobs/7100/events/5.json')?.body.toString() ?? '{}').detail).toMatchObject({ jobId: 7100, arrayTaskId: 5, state: 'COMPLETED' });
  });

  it('an interrupted instance gives back the task it was running, and another instance runs it to its end', async () => {
    // The first run of task 0 would take half a minute; the rerun elsewhere is quick.
    const job = agentJob(
      7200,
      '#!/bin/bash\n#SBATCH --array=0-2 -t 1 -o %a.out\nif [ "$SLURM_ARRAY_TASK_ID" = 0 ] && [ ! -e first-run ]; then touch first-run; sleep 30; fi\necho "task $SLURM_ARRAY_TASK_ID"\n',
      1,
    );
    // The notice comes once task 0 is running there.
    const a = await instance('i-a', job, { interrupted: async () => existsSync(join(job.submitDir, 'first-run')) });
    expect(a).toEqual({ ran: [], released: [0] });
    const b = await instance('i-b', job);
    expect(b.ran.sort()).toEqual([0, 1, 2]);
    const results = await taskResults(objectStore(), 'jobs/7200/');
    expect(results.get(0)).toMatchObject({ instanceId: 'i-b', state: 'COMPLETED' });
    expect(s3.getObject('jobs', 'jobs/7200/outputs/0.out')?.body.toString()).toBe('task 0\n');
  });

  it("holds the array's %N across instances: never more tasks at once than N, over all of them", async () => {
    const job = agentJob(7300, '#!/bin/bash\n#SBATCH --array=0-5%2 -t 1 -o /dev/null\necho "+ $(date +%s%N)" >> running.log; sleep 0.3; echo "- $(date +%s%N)" >> running.log\n', 2);
    const [a, b] = await Promise.all([instance('i-a', job), instance('i-b', job)]);
    expect([...a.ran, ...b.ran].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const marks = readFileSync(join(job.submitDir, 'running.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => ({ delta: line.startsWith('+') ? 1 : -1, at: BigInt(line.slice(2)) }))
      .sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.delta - y.delta));
    expect(marks).toHaveLength(12);
    let now = 0;
    let most = 0;
    for (const mark of marks) {
      now += mark.delta;
      most = Math.max(most, now);
    }
    expect(most).toBeLessThanOrEqual(2);
    // Every slot was given back.
    expect(s3.objects('jobs').filter((o) => o.key.startsWith('jobs/7300/slots/'))).toEqual([]);
  });
});
