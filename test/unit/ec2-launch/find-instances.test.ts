import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { coolingEntry, emptyCooldown, parseCooldown, pruneCooldown, rememberCapacityFailure } from '../../../src/launch/ec2/capacity-cooldown.js';
import { makeEc2Client } from '../../../src/launch/ec2/ec2-client.js';
import { describeJobInstances, terminateInstances } from '../../../src/launch/ec2/find-instances.js';
import { launchClientToken } from '../../../src/launch/ec2/launch-instances.js';
import { startHarness } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function launchTagged(harness: Harness, job: string, count: number) {
  await harness.client.sdk.send(
    new RunInstancesCommand({
      ImageId: 'ami-0123456789abcdef0',
      InstanceType: 'c7i.large',
      MinCount: count,
      MaxCount: count,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'spawn-slurm:job-id', Value: job }] }],
    }),
  );
}

describe('finding and terminating job instances', () => {
  it('follows NextToken in pages of 1000 and finds several jobs in the same calls', async () => {
    h = await startHarness();
    await launchTagged(h, '1', 1200);
    await launchTagged(h, '2', 5);
    await launchTagged(h, '3', 5);
    const found = await describeJobInstances(h.client, { tagKey: 'spawn-slurm:job-id', tagValue: ['1', '2'] });
    expect(found).toHaveLength(1205);
    expect(h.fake.calls('DescribeInstances').map((r) => r.params['MaxResults'])).toEqual(['1000', '1000']);
    expect(found[0]).toMatchObject({ instanceType: 'c7i.large', zone: 'us-east-1a', market: 'on-demand', state: 'pending', launchIndex: 0, tags: { 'spawn-slurm:job-id': '1' } });
  });

  it('leaves terminated instances out unless asked for every state', async () => {
    h = await startHarness();
    await launchTagged(h, '7', 3);
    const [first] = await describeJobInstances(h.client, { tagKey: 'spawn-slurm:job-id', tagValue: '7' });
    await terminateInstances(h.client, [first!.instanceId]);
    h.fake.advance();
    expect(await describeJobInstances(h.client, { tagKey: 'spawn-slurm:job-id', tagValue: '7' })).toHaveLength(2);
    expect(await describeJobInstances(h.client, { tagKey: 'spawn-slurm:job-id', tagValue: '7', states: 'all' })).toHaveLength(3);
    expect(await describeJobInstances(h.client, { filters: [{ Name: 'instance-state-name', Values: ['terminated'] }] })).toHaveLength(1);
  });

  it('terminates in chunks of 1000 and steps over ids EC2 no longer knows', async () => {
    h = await startHarness();
    await launchTagged(h, '9', 1000);
    await launchTagged(h, '9', 1000);
    await launchTagged(h, '9', 500);
    const ids = h.fake.instances().map((i) => i.instanceId);
    const results = await terminateInstances(h.client, [...ids, 'i-0000000000000dead', ids[0]!]);
    expect(h.fake.calls('TerminateInstances').map((r) => Object.keys(r.params).filter((k) => k.startsWith('InstanceId.')).length)).toEqual([1000, 1000, 501, 500]);
    expect(results).toHaveLength(2500);
    expect(h.fake.instances().every((i) => i.state === 'shutting-down')).toBe(true);
  });
});

describe('the capacity cooldown', () => {
  const target = { instanceType: 'c7i.large', zone: 'us-east-1a', market: 'spot' as const };

  it('remembers a target for ten minutes, survives JSON, and prunes expired entries', () => {
    const store = emptyCooldown();
    rememberCapacityFailure(store, target, 'InsufficientInstanceCapacity', 1_000);
    expect(coolingEntry(store, target, 1_000 + 9 * 60_000)?.code).toBe('InsufficientInstanceCapacity');
    expect(coolingEntry(store, target, 1_000 + 10 * 60_000)).toBeUndefined();
    expect(coolingEntry(store, { ...target, market: 'on-demand' }, 1_000)).toBeUndefined();
    const copy = parseCooldown(JSON.parse(JSON.stringify(store)));
    expect(copy).toEqual(store);
    pruneCooldown(copy, 1_000 + 10 * 60_000);
    expect(copy.entries).toEqual({});
    expect(parseCooldown({ version: 2 })).toEqual(emptyCooldown());
    expect(parseCooldown({ version: 1, entries: { a: { code: 1 }, b: { code: 'X', until: 5 } } })).toEqual({ version: 1, entries: { b: { code: 'X', until: 5 } } });
  });
});

describe('client tokens and the client', () => {
  it('derives at most 64 ASCII characters from the job, batch, target, ordinal and counts', () => {
    const target = { instanceType: 'c7i.large', zone: 'us-east-1a', market: 'spot' as const };
    const token = launchClientToken(4_294_967_295, 'tasks-0-999', target, 0, 1, 1000);
    expect(token).toMatch(/^[\x20-\x7e]{1,64}$/);
    expect(launchClientToken(4_294_967_295, 'tasks-0-999', target, 0, 1, 1000)).toBe(token);
    const variants = [
      launchClientToken(4_294_967_295, 'tasks-1000-1999', target, 0, 1, 1000),
      launchClientToken(4_294_967_295, 'tasks-0-999', { ...target, instanceType: 'm7i.large' }, 0, 1, 1000),
      launchClientToken(4_294_967_295, 'tasks-0-999', { ...target, zone: 'us-east-1b' }, 0, 1, 1000),
      launchClientToken(4_294_967_295, 'tasks-0-999', { ...target, market: 'on-demand' }, 0, 1, 1000),
      launchClientToken(4_294_967_295, 'tasks-0-999', target, 1, 1, 1000),
      launchClientToken(4_294_967_295, 'tasks-0-999', target, 0, 1, 400),
    ];
    expect(new Set([token, ...variants]).size).toBe(7);
  });

  it('takes its endpoint from SPAWN_SLURM_EC2_ENDPOINT when none is given', async () => {
    h = await startHarness();
    const saved = process.env['SPAWN_SLURM_EC2_ENDPOINT'];
    process.env['SPAWN_SLURM_EC2_ENDPOINT'] = h.fake.url;
    try {
      const client = makeEc2Client({ region: 'us-east-1', credentials: h.fake.credentials });
      await client.describeInstances({});
      client.destroy();
      expect(h.fake.calls('DescribeInstances')).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env['SPAWN_SLURM_EC2_ENDPOINT'];
      else process.env['SPAWN_SLURM_EC2_ENDPOINT'] = saved;
    }
  });
});
