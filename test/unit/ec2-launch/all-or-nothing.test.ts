import { afterEach, describe, expect, it } from 'vitest';
import { Ec2LaunchError, LAUNCH_BATCH_TAG, launchInstances } from '../../../src/launch/ec2/launch-instances.js';
import { terminateInstances } from '../../../src/launch/ec2/find-instances.js';
import { request, startHarness } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const live = (harness: Harness) => harness.fake.instances().filter((i) => i.state === 'pending' || i.state === 'running');
const multiNode = (extra = {}) =>
  request({ count: 4, allOrNothing: true, batchKey: 'nodes', candidates: [{ instanceType: 'hpc7a.96xlarge' }], placementGroup: 'job-42', zones: ['us-east-1a', 'us-east-1b'], ...extra });

async function withGroup(harness: Harness) {
  await harness.client.sdk.send(new (await import('@aws-sdk/client-ec2')).CreatePlacementGroupCommand({ GroupName: 'job-42', Strategy: 'cluster' }));
}

describe('all-or-nothing (multi-node) launches', () => {
  it('asks for exactly count in one zone; with too little capacity in a zone nothing stays up there and the next zone is used', async () => {
    h = await startHarness({ capacity: [{ instanceType: 'hpc7a.96xlarge', zone: 'us-east-1a', available: 3 }] });
    await withGroup(h);
    const result = await launchInstances(multiNode(), h.deps());
    const runs = h.fake.calls('RunInstances');
    expect(runs.map((r) => [r.params['MinCount'], r.params['MaxCount'], r.params['Placement.AvailabilityZone'], r.params['Placement.GroupName'], r.error ?? 'ok'])).toEqual([
      ['4', '4', 'us-east-1a', 'job-42', 'InsufficientInstanceCapacity'],
      ['4', '4', 'us-east-1b', 'job-42', 'ok'],
    ]);
    expect(result.instances).toHaveLength(4);
    expect(live(h).every((i) => i.zone === 'us-east-1b' && i.placementGroup === 'job-42')).toBe(true);
    expect(live(h)).toHaveLength(4);
    expect(result.instances.map((i) => i.launchIndex)).toEqual([0, 1, 2, 3]);
  });

  it('fails without leaving anything running when no zone fits the whole group', async () => {
    h = await startHarness({
      capacity: [
        { instanceType: 'hpc7a.96xlarge', zone: 'us-east-1a', available: 3 },
        { instanceType: 'hpc7a.96xlarge', zone: 'us-east-1b', available: 2 },
      ],
    });
    await withGroup(h);
    const error = (await launchInstances(multiNode(), h.deps()).catch((e: unknown) => e)) as Ec2LaunchError;
    expect(error).toBeInstanceOf(Ec2LaunchError);
    expect(error.code).toBe('NoCapacity');
    expect(error.launched).toEqual([]);
    expect(live(h)).toEqual([]);
  });

  it('terminates a group whose answer was lost for good before it reports the failure', async () => {
    h = await startHarness({ drops: [{ mode: 'launch-then-drop', zone: 'us-east-1a', times: 3 }] });
    await withGroup(h);
    const error = (await launchInstances(multiNode(), h.deps({ retryPolicy: { baseMs: 200, capMs: 20_000, maxTries: 3 } })).catch((e: unknown) => e)) as Ec2LaunchError;
    expect(error, String(error)).toBeInstanceOf(Ec2LaunchError);
    expect(error.code).toBe('RetriesExhausted');
    expect(error.message).toContain(`${LAUNCH_BATCH_TAG}=42/nodes`);
    // The same token each time: EC2 launched the group once.
    expect(h.fake.instances()).toHaveLength(4);
    expect(live(h)).toEqual([]);
    expect(h.fake.calls('TerminateInstances')).toHaveLength(1);
  });

  it('terminates an incomplete group left by an earlier run, then launches the whole group', async () => {
    h = await startHarness();
    await withGroup(h);
    const { RunInstancesCommand } = await import('@aws-sdk/client-ec2');
    const leftover = await h.client.sdk.send(
      new RunInstancesCommand({
        ImageId: 'ami-0123456789abcdef0',
        InstanceType: 'hpc7a.96xlarge',
        MinCount: 2,
        MaxCount: 2,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: LAUNCH_BATCH_TAG, Value: '42/nodes' }] }],
      }),
    );
    const result = await launchInstances(multiNode(), h.deps());
    expect(result.instances).toHaveLength(4);
    const leftoverIds = (leftover.Instances ?? []).map((i) => i.InstanceId);
    expect(live(h).map((i) => i.instanceId)).not.toContain(leftoverIds[0]);
    expect(live(h)).toHaveLength(4);
    expect(result.attempts[0]!.outcome).toBe('resumed: terminated 2 instance(s) of an incomplete group');
  });

  it('a group cancelled earlier is launched afresh with a new token, not answered with the ended instances', async () => {
    h = await startHarness();
    await withGroup(h);
    const first = await launchInstances(multiNode(), h.deps());
    await terminateInstances(
      h.client,
      first.instances.map((i) => i.instanceId),
    );
    h.fake.advance();
    const second = await launchInstances(multiNode(), h.deps());
    expect(second.instances).toHaveLength(4);
    expect(second.instances.map((i) => i.instanceId)).not.toEqual(first.instances.map((i) => i.instanceId));
    expect(live(h)).toHaveLength(4);
    const runs = h.fake.calls('RunInstances');
    expect(runs).toHaveLength(3);
    expect(runs[1]!.params['ClientToken']).toBe(runs[0]!.params['ClientToken']);
    expect(runs[2]!.params['ClientToken']).not.toBe(runs[0]!.params['ClientToken']);
  });

  it('puts an EFA interface with the subnet and security groups on the interface, not the instance', async () => {
    h = await startHarness();
    await withGroup(h);
    await launchInstances(multiNode({ efa: true, zones: undefined, subnetsByZone: { 'us-east-1b': 'subnet-00000002' }, securityGroupIds: ['sg-0efa'] }), h.deps());
    const run = h.fake.calls('RunInstances')[0]!.params;
    expect(run).toMatchObject({
      'NetworkInterface.1.DeviceIndex': '0',
      'NetworkInterface.1.InterfaceType': 'efa',
      'NetworkInterface.1.SubnetId': 'subnet-00000002',
      'NetworkInterface.1.SecurityGroupId.1': 'sg-0efa',
    });
    expect(run['SubnetId']).toBeUndefined();
    expect(run['SecurityGroupId.1']).toBeUndefined();
    expect(live(h).every((i) => i.zone === 'us-east-1b' && i.networkInterfaces[0]?.interfaceType === 'efa')).toBe(true);
  });
});
