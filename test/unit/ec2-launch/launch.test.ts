import { afterEach, describe, expect, it } from 'vitest';
import { coolingEntry } from '../../../src/launch/ec2/capacity-cooldown.js';
import { Ec2LaunchError, LAUNCH_BATCH_TAG, launchInstances } from '../../../src/launch/ec2/launch-instances.js';
import type { CapacityErrorCode } from '../../support/fake-ec2/server.js';
import { IMAGE, request, startHarness, USER_DATA } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const runCalls = (harness: Harness) => harness.fake.calls('RunInstances');

describe('launchInstances against the fake EC2', () => {
  it('launches 1000 instances with exactly one RunInstances call when capacity allows', async () => {
    h = await startHarness();
    const progress: Array<[number, number]> = [];
    const result = await launchInstances(request({ count: 1000 }), h.deps({ onProgress: (launched, wanted) => progress.push([launched, wanted]) }));
    expect(runCalls(h)).toHaveLength(1);
    expect(runCalls(h)[0]!.params).toMatchObject({ MinCount: '1', MaxCount: '1000', InstanceType: 'c7i.4xlarge', 'Placement.AvailabilityZone': 'us-east-1a' });
    expect(result.instances).toHaveLength(1000);
    expect(result.shortfall).toBeUndefined();
    expect(result.instances.map((i) => i.batchOrdinal)).toEqual([...Array(1000).keys()]);
    expect(result.instances.map((i) => i.launchIndex)).toEqual([...Array(1000).keys()]);
    expect(new Set(result.instances.map((i) => i.privateIp)).size).toBe(1000);
    expect(h.fake.instances()).toHaveLength(1000);
    // One DescribeInstances looking for an earlier run's instances, then the launch.
    expect(result.calls).toBe(2);
    expect(progress).toEqual([[1000, 1000]]);
    expect(result.attempts).toEqual([{ instanceType: 'c7i.4xlarge', zone: 'us-east-1a', market: 'on-demand', outcome: 'launched 1000' }]);
  });

  it('sets IMDSv2, terminate-on-shutdown, spot options and the tags of instance and volume in the RunInstances call itself', async () => {
    h = await startHarness();
    const result = await launchInstances(
      request({
        count: 3,
        purchase: 'spot',
        subnetsByZone: { 'us-east-1a': 'subnet-00000001' },
        zones: ['us-east-1a'],
        iamInstanceProfile: 'spawn-slurm-node',
        keyName: 'me',
        securityGroupIds: ['sg-0abc'],
        instanceMetadataTags: true,
      }),
      h.deps(),
    );
    expect(h.fake.calls('CreateTags')).toHaveLength(0);
    const launched = h.fake.instances();
    expect(launched).toHaveLength(3);
    const expectedTags = { 'spawn-slurm:job-id': '42', Name: 'spawn-slurm-42', [LAUNCH_BATCH_TAG]: '42/tasks-0-999' };
    for (const instance of launched) {
      expect(instance.metadataOptions).toEqual({ httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled', instanceMetadataTags: 'enabled' });
      expect(instance.shutdownBehavior).toBe('terminate');
      expect(instance.market).toBe('spot');
      expect(instance.spotOptions).toEqual({ spotInstanceType: 'one-time', instanceInterruptionBehavior: 'terminate' });
      expect(instance.tags).toEqual(expectedTags);
      expect(instance.volumeTags).toEqual(expectedTags);
      expect(instance.userData).toBe(USER_DATA);
      expect(instance.imageId).toBe(IMAGE);
      expect(instance.iamInstanceProfile).toBe('spawn-slurm-node');
      expect(instance.keyName).toBe('me');
      expect(instance.subnetId).toBe('subnet-00000001');
      expect(instance.securityGroupIds).toEqual(['sg-0abc']);
      expect(instance.clientToken).toMatch(/^ss-42-[0-9a-f]+$/);
      expect(instance.clientToken!.length).toBeLessThanOrEqual(64);
    }
    expect(result.instances.every((i) => i.market === 'spot' && i.zone === 'us-east-1a')).toBe(true);
  });

  it('sends what EC2 could not place on the first type to the next one (partial fulfilment)', async () => {
    h = await startHarness({ capacity: [{ instanceType: 'c7i.4xlarge', zone: 'us-east-1a', available: 600 }] });
    const result = await launchInstances(request({ count: 1000, zones: ['us-east-1a'] }), h.deps());
    expect(runCalls(h).map((r) => [r.params['InstanceType'], r.params['MaxCount']])).toEqual([
      ['c7i.4xlarge', '1000'],
      ['m7i.8xlarge', '400'],
    ]);
    expect(result.instances.filter((i) => i.instanceType === 'c7i.4xlarge')).toHaveLength(600);
    expect(result.instances.filter((i) => i.instanceType === 'm7i.8xlarge')).toHaveLength(400);
    expect(result.instances.map((i) => i.batchOrdinal)).toEqual([...Array(1000).keys()]);
    expect(h.fake.instances()).toHaveLength(1000);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['launched 600 of 1000 (partial fulfilment)', 'launched 400']);
    expect(coolingEntry(h.cooldown, { instanceType: 'c7i.4xlarge', zone: 'us-east-1a', market: 'on-demand' }, h.clock.now)?.code).toBe('PartialFulfilment');
  });

  it.each<CapacityErrorCode>(['InsufficientInstanceCapacity', 'InstanceLimitExceeded', 'VcpuLimitExceeded', 'Unsupported', 'InsufficientFreeAddressesInSubnet'])(
    'moves on after %s and remembers the target in the cooldown',
    async (code) => {
      h = await startHarness({ capacityErrors: [{ instanceType: 'c7i.4xlarge', code }] });
      const result = await launchInstances(request({ count: 5, zones: ['us-east-1a'] }), h.deps());
      expect(result.instances.every((i) => i.instanceType === 'm7i.8xlarge')).toBe(true);
      expect(runCalls(h).map((r) => r.error ?? 'ok')).toEqual([code, 'ok']);
      expect(result.attempts[0]!.outcome).toMatch(new RegExp(`^${code}: `));
      expect(h.cooldown.entries['c7i.4xlarge|us-east-1a|on-demand']?.code).toBe(code);
    },
  );

  it('skips a cooling target in later batches, and tries it again once the cooldown ends', async () => {
    h = await startHarness({ capacityErrors: [{ instanceType: 'c7i.4xlarge', zone: 'us-east-1a', code: 'InsufficientInstanceCapacity', times: 1 }] });
    await launchInstances(request({ count: 2, zones: ['us-east-1a'], batchKey: 'tasks-0-1' }), h.deps());
    expect(runCalls(h)).toHaveLength(2);
    const second = await launchInstances(request({ count: 2, zones: ['us-east-1a'], batchKey: 'tasks-2-3' }), h.deps());
    expect(runCalls(h)).toHaveLength(3);
    expect(runCalls(h)[2]!.params['InstanceType']).toBe('m7i.8xlarge');
    expect(second.attempts[0]!.outcome).toMatch(/^skipped: InsufficientInstanceCapacity recently, cooling down until /);
    h.clock.now += 11 * 60_000;
    const third = await launchInstances(request({ count: 2, zones: ['us-east-1a'], batchKey: 'tasks-4-5' }), h.deps());
    expect(third.instances.every((i) => i.instanceType === 'c7i.4xlarge')).toBe(true);
  });

  it('goes through every type in every zone in rank order', async () => {
    h = await startHarness({
      capacityErrors: [
        { instanceType: 'c7i.4xlarge', code: 'InsufficientInstanceCapacity' },
        { instanceType: 'm7i.8xlarge', zone: 'us-east-1a', code: 'InsufficientInstanceCapacity' },
      ],
    });
    const result = await launchInstances(request({ count: 4 }), h.deps());
    expect(runCalls(h).map((r) => `${r.params['InstanceType']} ${r.params['Placement.AvailabilityZone']}`)).toEqual([
      'c7i.4xlarge us-east-1a',
      'c7i.4xlarge us-east-1b',
      'm7i.8xlarge us-east-1a',
      'm7i.8xlarge us-east-1b',
    ]);
    expect(result.instances.every((i) => i.zone === 'us-east-1b' && i.instanceType === 'm7i.8xlarge')).toBe(true);
  });

  it('spot-with-fallback tries every spot target first, then really falls back to on-demand', async () => {
    h = await startHarness({
      capacityErrors: [
        { market: 'spot', instanceType: 'c7i.4xlarge', code: 'InsufficientInstanceCapacity' },
        { market: 'spot', instanceType: 'm7i.8xlarge', code: 'MaxSpotInstanceCountExceeded' },
      ],
    });
    const result = await launchInstances(request({ count: 6, purchase: 'spot-with-fallback' }), h.deps());
    expect(runCalls(h).map((r) => `${r.params['InstanceType']} ${r.params['Placement.AvailabilityZone']} ${r.params['InstanceMarketOptions.MarketType'] ?? 'on-demand'}`)).toEqual([
      'c7i.4xlarge us-east-1a spot',
      'c7i.4xlarge us-east-1b spot',
      'm7i.8xlarge us-east-1a spot',
      'm7i.8xlarge us-east-1b spot',
      'c7i.4xlarge us-east-1a on-demand',
    ]);
    expect(result.instances).toHaveLength(6);
    expect(result.instances.every((i) => i.market === 'on-demand')).toBe(true);
    expect(h.fake.instances().every((i) => i.market === 'on-demand')).toBe(true);
  });

  it("'spot' never falls back to on-demand, and the error lists every target tried and why", async () => {
    h = await startHarness({ capacityErrors: [{ market: 'spot', code: 'InsufficientInstanceCapacity' }] });
    const error = await launchInstances(request({ count: 2, purchase: 'spot' }), h.deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Ec2LaunchError);
    const failure = error as Ec2LaunchError;
    expect(failure.code).toBe('NoCapacity');
    expect(failure.attempts.map((a) => `${a.instanceType} ${a.zone} ${a.market}`)).toEqual([
      'c7i.4xlarge us-east-1a spot',
      'c7i.4xlarge us-east-1b spot',
      'm7i.8xlarge us-east-1a spot',
      'm7i.8xlarge us-east-1b spot',
    ]);
    expect(failure.message).toContain('m7i.8xlarge in us-east-1b (spot): InsufficientInstanceCapacity: We currently do not have sufficient m7i.8xlarge capacity');
    expect(failure.message).toContain('hint:');
    expect(runCalls(h).every((r) => r.params['InstanceMarketOptions.MarketType'] === 'spot')).toBe(true);
    expect(h.fake.instances()).toEqual([]);
  });

  it('returns what it could launch with the shortfall and the reasons when the rest fits nowhere', async () => {
    h = await startHarness({
      capacity: [
        { instanceType: 'c7i.4xlarge', zone: 'us-east-1a', available: 3 },
        { instanceType: 'c7i.4xlarge', zone: 'us-east-1b', available: 0 },
      ],
      capacityErrors: [{ instanceType: 'm7i.8xlarge', code: 'VcpuLimitExceeded' }],
    });
    const result = await launchInstances(request({ count: 10 }), h.deps());
    expect(result.instances).toHaveLength(3);
    expect(result.shortfall).toBe(7);
    expect(result.reasons).toHaveLength(4);
    expect(result.reasons![0]).toBe('c7i.4xlarge in us-east-1a (on-demand): launched 3 of 10 (partial fulfilment)');
    expect(result.reasons![1]).toMatch(/^c7i\.4xlarge in us-east-1b \(on-demand\): InsufficientInstanceCapacity: /);
  });

  it('fails at once on an error that no other target would fix, with the AWS code, message and a hint', async () => {
    h = await startHarness({ images: ['ami-00000000000000001'] });
    const error = (await launchInstances(request({ count: 2 }), h.deps()).catch((e: unknown) => e)) as Ec2LaunchError;
    expect(error).toBeInstanceOf(Ec2LaunchError);
    expect(error.code).toBe('InvalidAMIID.NotFound');
    expect(error.awsMessage).toBe(`The image id '[${IMAGE}]' does not exist`);
    expect(error.hint).toMatch(/not shared with this account/);
    expect(runCalls(h)).toHaveLength(1);
  });

  it('takes the zones from DescribeAvailabilityZones when none are given, and the subnet of each zone', async () => {
    h = await startHarness({ capacityErrors: [{ zone: 'us-east-1a', code: 'InsufficientInstanceCapacity' }] });
    const { zones: _zones, ...rest } = request({ count: 2, candidates: [{ instanceType: 'c7i.large' }] });
    const result = await launchInstances(rest, h.deps());
    expect(h.fake.calls('DescribeAvailabilityZones')).toHaveLength(1);
    expect(result.instances.every((i) => i.zone === 'us-east-1b')).toBe(true);

    const withSubnets = await launchInstances({ ...rest, batchKey: 'other', subnetsByZone: { 'us-east-1c': 'subnet-00000003' } }, h.deps());
    expect(withSubnets.instances.every((i) => i.zone === 'us-east-1c')).toBe(true);
    expect(runCalls(h).at(-1)!.params['SubnetId']).toBe('subnet-00000003');
    expect(h.fake.calls('DescribeAvailabilityZones')).toHaveLength(1);
  });
});
