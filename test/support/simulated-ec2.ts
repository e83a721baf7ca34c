import { join } from 'node:path';
import { asS3, temporaryCredentials } from '../unit/ec2-bootstrap/harness.js';
import { startFakeEc2, type FakeEc2 } from './fake-ec2/server.js';
import { startInstanceSimulator, type InstanceSimulator } from './instance-simulator.js';
import type { LocalCluster } from './local-cluster.js';
import { startS3Server, type S3Server } from './s3-server/server.js';

/**
 * EC2 as the end-to-end tests see it: the fake EC2 and the S3 server on loopback, every instance the
 * fake launches booted on this machine, and a mapping.yaml in the cluster's directory that points
 * submit --backend ec2 at them. `env()` is what the CLI needs to talk to them with the client's keys.
 */
export interface SimulatedEc2 {
  fake: FakeEc2;
  s3: S3Server;
  simulator: InstanceSimulator;
  env(): Record<string, string>;
  close(): Promise<void>;
}

export interface SimulatedEc2Options {
  bucket: string;
  /** The client's keys (the instances get temporary ones of their own from their metadata service). */
  client: { accessKeyId: string; secretAccessKey: string };
  /** Lines added under `storage:` after the bucket (`    prefix: e2e/`). */
  storageLines?: string[];
  /** The instances' boot environment (test stand-ins for ssh, mount, …). */
  instanceEnv?: Record<string, string>;
}

export async function startSimulatedEc2(cluster: LocalCluster, options: SimulatedEc2Options): Promise<SimulatedEc2> {
  const instanceCredentials = temporaryCredentials();
  const fake = await startFakeEc2({ ...options.client, pendingMs: 200, maxLifetimeMs: 300_000 });
  const s3 = await startS3Server({ credentials: [asS3(instanceCredentials), options.client], buckets: [options.bucket], region: 'us-east-1', maxLifetimeMs: 300_000 });
  const simulator = startInstanceSimulator({
    ec2: fake,
    s3Url: s3.url,
    credentials: instanceCredentials,
    dir: join(cluster.dir, '.instances'),
    ...(options.instanceEnv ? { env: options.instanceEnv } : {}),
  });
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
      `    bucket: ${options.bucket}`,
      ...(options.storageLines ?? []),
      'spawn:',
      '  iam_role: spawn-slurm-instance',
      '',
    ].join('\n'),
  );
  return {
    fake,
    s3,
    simulator,
    env: () => ({
      SPAWN_SLURM_EC2_ENDPOINT: fake.url,
      SPAWN_SLURM_S3_ENDPOINT: s3.url,
      SPAWN_SLURM_EC2_POLL_MS: '300',
      AWS_ACCESS_KEY_ID: options.client.accessKeyId,
      AWS_SECRET_ACCESS_KEY: options.client.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      SPAWN_SLURM_CONFIG: join(cluster.dir, 'mapping.yaml'),
    }),
    close: async () => {
      await simulator.close();
      await Promise.all([fake.close(), s3.close()]);
    },
  };
}
