import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootScript, userDataFor } from '../../../src/launch/ec2/user-data.js';
import { BUCKET, startWorld, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

/** Runs the boot script as cloud-init would, with `shutdown` recorded instead of obeyed. */
async function boot(prefix: string, ttlMinutes = 95) {
  const stubs = join(world.dir, `stubs-${prefix.replace(/\W/g, '')}`);
  mkdirSync(stubs, { recursive: true });
  const calls = join(stubs, 'shutdown.calls');
  writeFileSync(join(stubs, 'shutdown'), `#!/bin/bash\necho "$*" >> ${calls}\n`);
  chmodSync(join(stubs, 'shutdown'), 0o755);
  const script = join(stubs, 'user-data.sh');
  writeFileSync(script, bootScript({ jobId: 4242, bucket: BUCKET, prefix, ttlMinutes }));
  const instanceDir = join(stubs, 'instance');
  const result = await world.bash('bash "$1"', [script], { PATH: `${stubs}:${process.env.PATH}`, SPAWN_SLURM_INSTANCE_DIR: instanceDir });
  return { result, shutdowns: () => readFileSync(calls, 'utf8').trim().split('\n'), instanceDir, script };
}

describe('the boot script (user data)', () => {
  it('arms the time-to-live first, fetches the agent from S3 with the instance profile and runs it with the S3 functions', async () => {
    world.s3.putObject(BUCKET, 'jobs/4242/agent.sh', Buffer.from('echo "agent ran in $1" > "$1/ran"\ns3_put "$bucket" "${prefix}results/boot-check" "$1/ran"\n'));
    const { result, shutdowns, instanceDir } = await boot('jobs/4242/');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(shutdowns()).toEqual(['-h +95 spawn-slurm: the job reached its time-to-live']);
    expect(readFileSync(join(instanceDir, 'ran'), 'utf8')).toBe(`agent ran in ${instanceDir}\n`);
    expect(world.s3.getObject(BUCKET, 'jobs/4242/results/boot-check')?.body.toString()).toBe(`agent ran in ${instanceDir}\n`);
  });

  it('leaves the reason in S3 and shuts down at once when the agent cannot be fetched', async () => {
    const { result, shutdowns } = await boot('jobs/missing/');
    expect(result.status).not.toBe(0);
    expect(shutdowns()).toEqual(['-h +95 spawn-slurm: the job reached its time-to-live', '-h now']);
    const failure = world.s3.objects(BUCKET).find((o) => o.key.startsWith('jobs/missing/boot/'));
    expect(failure?.key).toMatch(/^jobs\/missing\/boot\/i-[0-9a-f]+\.failed$/);
    expect(failure?.body.toString()).toContain('cannot fetch s3://spawn-test-bucket/jobs/missing/agent.sh');
  });

  it('fits in EC2 user data compressed, carries no credentials, and quotes what it is given', () => {
    const data = userDataFor({ jobId: 7, bucket: 'b', prefix: "it's $(here)/", ttlMinutes: 30 });
    const script = gunzipSync(Buffer.from(data, 'base64')).toString('utf8');
    expect(Buffer.from(data, 'base64').length).toBeLessThan(16 * 1024);
    expect(script).toContain(`prefix='it'\\''s $(here)/'`);
    for (const secret of [world.credentials.SecretAccessKey, world.credentials.Token, world.credentials.AccessKeyId]) expect(script).not.toContain(secret);
    expect(script).not.toMatch(/AKIA|aws_secret|SecretAccessKey=/);
  });
});
