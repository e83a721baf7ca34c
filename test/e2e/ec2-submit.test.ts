import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEc2, type FakeEc2 } from '../support/fake-ec2/server.js';
import { startInstanceSimulator, type InstanceSimulator } from '../support/instance-simulator.js';
import { LocalCluster } from '../support/local-cluster.js';
import { waitUntil } from '../support/wait-until.js';
import { startS3Server, type S3Server } from '../support/s3-server/server.js';
import { asS3, temporaryCredentials } from '../unit/ec2-bootstrap/harness.js';

/**
 * submit --backend ec2 end to end through the built binary: the real SDK clients talk to the fake EC2
 * and the S3 server, and every instance the fake launches boots on this machine from its user data,
 * with a metadata service of its own, fetching the agent from S3 like a real one.
 */
const BUCKET = 'spawn-e2e-jobs';
const instanceCredentials = temporaryCredentials();
const clientCredentials = { accessKeyId: 'AKIAE2ECLIENTXXXXXXX', secretAccessKey: 'e2e/client/secret' };
let fake: FakeEc2;
let s3: S3Server;
let simulator: InstanceSimulator;
const cluster = new LocalCluster('ec2-submit');

const env = () => ({
  SPAWN_SLURM_EC2_ENDPOINT: fake.url,
  SPAWN_SLURM_S3_ENDPOINT: s3.url,
  SPAWN_SLURM_EC2_POLL_MS: '300',
  AWS_ACCESS_KEY_ID: clientCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: clientCredentials.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  SPAWN_SLURM_CONFIG: join(cluster.dir, 'mapping.yaml'),
});

beforeAll(async () => {
  fake = await startFakeEc2({ accessKeyId: clientCredentials.accessKeyId, secretAccessKey: clientCredentials.secretAccessKey, pendingMs: 200, maxLifetimeMs: 300_000 });
  s3 = await startS3Server({ credentials: [asS3(instanceCredentials), clientCredentials], buckets: [BUCKET], region: 'us-east-1', maxLifetimeMs: 300_000 });
  simulator = startInstanceSimulator({ ec2: fake, s3Url: s3.url, credentials: instanceCredentials, dir: join(cluster.dir, '.instances') });
  cluster.write(
    'mapping.yaml',
    [
      'defaults:',
      '  region: us-east-1',
      '  purchase: on-demand',
      '  ami:',
      '    x86_64: ami-0123456789abcdef0',
      'storage:',
      '  s3:',
      `    bucket: ${BUCKET}`,
      '    prefix: e2e/',
      'spawn:',
      '  iam_role: spawn-slurm-instance',
      '',
    ].join('\n'),
  );
}, 30_000);
afterAll(async () => {
  await simulator?.close();
  await Promise.all([fake?.close(), s3?.close()]);
});

describe('submit --backend ec2 (built binary, fake EC2, S3 server, simulated instances)', () => {
  it('without a terminal and without --yes nothing is launched', async () => {
    cluster.write('never.sbatch', '#!/bin/bash\n#SBATCH -t 5\ntrue\n');
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', 'never.sbatch'], { env: env() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Would launch 1 × ');
    expect(result.stderr).toContain('nothing was launched: there is no terminal to ask for confirmation');
    expect(fake.calls('RunInstances')).toHaveLength(0);
  });

  it('--max-cost refuses a plan above it', async () => {
    cluster.write('dear.sbatch', '#!/bin/bash\n#SBATCH -t 2-00:00:00 --array=0-99 -c 8\ntrue\n');
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--max-cost', '1', 'dear.sbatch'], { env: env() });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/above --max-cost \$1\.00: nothing was launched/);
    expect(fake.calls('RunInstances')).toHaveLength(0);
  });

  it('runs an array on packed instances and brings its output files back; queue and history show it as sacct would', async () => {
    cluster.write(
      'array.sbatch',
      '#!/bin/bash\n#SBATCH --array=0-5 -t 5 -c 1 --mem=1G -J sweep\necho "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_JOB_ID as $SLURM_JOB_ID on $SLURM_CLUSTER_NAME"\nexit $((SLURM_ARRAY_TASK_ID == 4 ? 3 : 0))\n',
    );
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--wait', 'array.sbatch'], { env: { ...env(), AWS_SECRET_ACCESS_KEY_SHADOW: 'x' } });
    expect(result.stderr).toContain('Would launch');
    const id = Number(/Submitted batch job (\d+)/.exec(result.stdout)?.[1]);
    // sbatch --wait: the worst exit status of the tasks.
    expect(result.status, result.stderr).toBe(3);
    expect(fake.calls('RunInstances').length).toBeLessThanOrEqual(2);
    for (let task = 0; task < 6; task++) {
      const file = join(cluster.dir, `slurm-${id}_${task}.out`);
      expect(
        existsSync(file),
        `${file}\n${simulator
          .booted()
          .map((i) => simulator.output(i))
          .join('\n')}`,
      ).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^task ${task} of ${id} as \\d+`));
    }
    const history = await cluster.runAsync(['history', '-j', String(id), '--json'], { env: env() });
    const rows = (JSON.parse(history.stdout) as { jobs: Array<{ jobId: string; state: string; exitCode: string }> }).jobs;
    expect(rows.find((r) => r.jobId === `${id}_4`)).toMatchObject({ state: 'FAILED', exitCode: '3:0' });
    expect(rows.find((r) => r.jobId === `${id}_0`)).toMatchObject({ state: 'COMPLETED', exitCode: '0:0' });
    // Every instance shuts itself down once nothing is left for it.
    await waitUntil('every instance to shut down', () => fake.instances().every((i) => i.state === 'shutting-down' || i.state === 'terminated'));
    // No credential of this machine went to S3.
    for (const object of s3.objects(BUCKET)) expect(object.body.toString('latin1')).not.toContain(clientCredentials.secretAccessKey);
  }, 120_000);

  it('cancel terminates every instance of the job and ends it CANCELLED', async () => {
    cluster.write('long.sbatch', '#!/bin/bash\n#SBATCH --array=0-3 -t 10 -c 1 --mem=1G\nsleep 300\n');
    const submitted = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--parsable', 'long.sbatch'], { env: env() });
    expect(submitted.status, submitted.stderr).toBe(0);
    const id = Number(submitted.stdout.trim());
    const launched = fake.instances().filter((i) => i.tags['spawn-slurm:job-id'] === String(id));
    expect(launched.length).toBeGreaterThan(0);
    await waitUntil(
      'a task of the job to run on an instance',
      async () => (await cluster.runAsync(['queue', '-j', String(id), '--json'], { env: env() })).stdout.includes('"RUNNING"'),
      60_000,
      200,
    );
    const cancel = await cluster.runAsync(['cancel', String(id)], { env: env() });
    expect(cancel.status, cancel.stderr).toBe(0);
    for (const instance of launched) expect(['shutting-down', 'terminated']).toContain(fake.instance(instance.instanceId)?.state);
    const history = await cluster.runAsync(['history', '-j', String(id), '--json'], { env: env() });
    const rows = (JSON.parse(history.stdout) as { jobs: Array<{ jobId: string; state: string }> }).jobs;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === 'CANCELLED')).toBe(true);
  }, 120_000);
});
