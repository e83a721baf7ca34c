import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEc2Client } from '../../src/launch/ec2/ec2-client.js';
import { jobTags } from '../../src/launch/ec2/job-tags.js';
import { launchInstances } from '../../src/launch/ec2/launch-instances.js';
import { startFakeEc2, type FakeEc2 } from '../support/fake-ec2/server.js';
import { LocalCluster } from '../support/local-cluster.js';

let fake: FakeEc2;
const cluster = new LocalCluster('ec2-cleanup');
const env = () => ({
  SPAWN_SLURM_EC2_ENDPOINT: fake.url,
  AWS_ACCESS_KEY_ID: fake.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: fake.credentials.secretAccessKey,
  AWS_REGION: fake.region,
  AWS_EC2_METADATA_DISABLED: 'true',
});
const me = userInfo().username;
let recorded = 0;
let batches = 0;

async function launch(jobId: number, tags: { user?: string; ttlMinutes?: number; launchedAt?: Date } = {}): Promise<string[]> {
  const client = makeEc2Client({ region: fake.region, endpoint: fake.url, credentials: fake.credentials });
  try {
    const result = await launchInstances(
      {
        jobId,
        // Each call its own batch: the same job and batch would find the first call's instances and launch none.
        batchKey: `batch-${++batches}`,
        count: 2,
        allOrNothing: false,
        candidates: [{ instanceType: 'c7i.large' }],
        purchase: 'on-demand',
        imageId: 'ami-0123456789abcdef0',
        userData: Buffer.from('#!/bin/bash\n').toString('base64'),
        tags: jobTags({ jobId, name: 'sweep', user: tags.user ?? me, tasks: '0-1', ttlMinutes: tags.ttlMinutes ?? 60, launchedAt: tags.launchedAt ?? new Date(), extra: {} }),
      },
      { client, sleep: async () => {} },
    );
    return result.instances.map((i) => i.instanceId);
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  fake = await startFakeEc2();
  // A job this machine knows (any backend's record counts).
  recorded = cluster.submit('known.sbatch', '#!/bin/bash\n#SBATCH -t 1\ntrue\n');
});
afterAll(() => fake.close());

describe('spawn-slurm cleanup (built binary, fake EC2)', () => {
  it('lists the instances past their time-to-live or without a record, terminates them only with --yes, and leaves the rest alone', async () => {
    const kept = await launch(recorded);
    const orphans = await launch(777001);
    const expired = await launch(recorded, { ttlMinutes: 30, launchedAt: new Date(Date.now() - 3600_000) });
    const someoneElses = await launch(777002, { user: 'another-user' });

    // Asynchronously: the fake EC2 server runs in this process and must keep answering.
    const dry = await cluster.runAsync(['cleanup', '--json'], { env: env() });
    expect(dry.status, dry.stderr).toBe(0);
    const listed = JSON.parse(dry.stdout);
    expect(listed.dryRun).toBe(true);
    expect(listed.instances.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual([...orphans, ...expired].sort());
    expect(listed.instances.find((i: { instanceId: string }) => i.instanceId === orphans[0]).reason).toBe('job 777001 has no record here');
    expect(listed.instances.find((i: { instanceId: string }) => i.instanceId === expired[0]).reason).toMatch(/^past its time-to-live/);
    expect(fake.calls('TerminateInstances')).toHaveLength(0);

    const human = await cluster.runAsync(['cleanup'], { env: env() });
    expect(human.stdout).toContain('dry run: nothing was terminated; run again with --yes to terminate these');

    const real = await cluster.runAsync(['cleanup', '--yes'], { env: env() });
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toContain('terminated 4 instances');
    const stateOf = (id: string) => fake.instance(id)?.state;
    for (const id of [...orphans, ...expired]) expect(['shutting-down', 'terminated']).toContain(stateOf(id));
    for (const id of [...kept, ...someoneElses]) expect(['pending', 'running']).toContain(stateOf(id));
    expect((await cluster.runAsync(['cleanup'], { env: env() })).stdout).toBe('nothing to clean up in us-east-1\n');
  });
});
