import {
  CreatePlacementGroupCommand,
  CreateTagsCommand,
  DeletePlacementGroupCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribePlacementGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeEc2 } from '../../support/fake-ec2/server.js';
import type { FakeEc2, FakeEc2Options } from '../../support/fake-ec2/server.js';

let fake: FakeEc2 | undefined;
let sdk: EC2Client | undefined;
afterEach(async () => {
  sdk?.destroy();
  await fake?.close();
  fake = undefined;
  sdk = undefined;
});

async function start(options: FakeEc2Options = {}) {
  fake = await startFakeEc2(options);
  sdk = new EC2Client({ region: fake.region, endpoint: fake.url, credentials: fake.credentials, maxAttempts: 1 });
  return { fake, sdk };
}

const launch = (extra: Partial<RunInstancesCommandInput> = {}): RunInstancesCommandInput => ({
  ImageId: 'ami-0123456789abcdef0',
  InstanceType: 'c7i.large',
  MinCount: 1,
  MaxCount: 2,
  ...extra,
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => ({ code: e.name, message: e.message, status: e.$metadata?.httpStatusCode }),
  );

describe('the fake EC2 server', () => {
  it('answers a repeated ClientToken with the same reservation, and a changed request under it with IdempotentParameterMismatch', async () => {
    const { fake, sdk } = await start();
    const first = await sdk.send(new RunInstancesCommand(launch({ ClientToken: 'token-1' })));
    const again = await sdk.send(new RunInstancesCommand(launch({ ClientToken: 'token-1' })));
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances?.map((i) => i.InstanceId)).toEqual(first.Instances?.map((i) => i.InstanceId));
    expect(fake.instances()).toHaveLength(2);
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ ClientToken: 'token-1', MaxCount: 3 }))))).toEqual({
      code: 'IdempotentParameterMismatch',
      message: 'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).',
      status: 400,
    });
    expect(fake.instances()).toHaveLength(2);
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ ClientToken: 'x'.repeat(65) }))))).toMatchObject({ code: 'InvalidParameterValue' });
  });

  it('refuses unsigned requests, another access key and a wrong signature', async () => {
    const { fake } = await start();
    const unsigned = await fetch(fake.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeInstances&Version=2016-11-15' });
    expect(unsigned.status).toBe(401);
    const text = await unsigned.text();
    expect(text).toMatch(
      /<Response><Errors><Error><Code>AuthFailure<\/Code><Message>AWS was not able to validate the provided access credentials<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]+<\/RequestID><\/Response>/,
    );

    const otherKey = new EC2Client({
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIAOTHEROTHEROTHER1', secretAccessKey: fake.credentials.secretAccessKey },
      maxAttempts: 1,
    });
    expect(await failure(otherKey.send(new DescribeInstancesCommand({})))).toMatchObject({ code: 'AuthFailure', status: 401 });
    const wrongSecret = new EC2Client({ region: fake.region, endpoint: fake.url, credentials: { ...fake.credentials, secretAccessKey: 'not-it' }, maxAttempts: 1 });
    expect(await failure(wrongSecret.send(new DescribeInstancesCommand({})))).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    const otherRegion = new EC2Client({ region: 'eu-west-1', endpoint: fake.url, credentials: fake.credentials, maxAttempts: 1 });
    expect(await failure(otherRegion.send(new DescribeInstancesCommand({})))).toMatchObject({ code: 'AuthFailure', status: 401 });
    for (const client of [otherKey, wrongSecret, otherRegion]) client.destroy();
    expect(fake.requests.map((r) => r.error)).toEqual(['AuthFailure', 'AuthFailure', 'SignatureDoesNotMatch', 'AuthFailure']);
  });

  it('moves instances through pending, running, shutting-down and terminated on its clock', async () => {
    const { fake, sdk } = await start({ pendingMs: 1000, shuttingDownMs: 500 });
    const { Instances = [] } = await sdk.send(new RunInstancesCommand(launch({ MaxCount: 1, InstanceInitiatedShutdownBehavior: 'terminate' })));
    const id = Instances[0]!.InstanceId!;
    expect(Instances[0]!.State).toEqual({ Code: 0, Name: 'pending' });
    fake.advance(1000);
    expect(fake.instance(id)!.state).toBe('running');
    const ended = await sdk.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(ended.TerminatingInstances).toEqual([{ InstanceId: id, PreviousState: { Code: 16, Name: 'running' }, CurrentState: { Code: 32, Name: 'shutting-down' } }]);
    fake.advance(500);
    expect(fake.instance(id)!.state).toBe('terminated');
    const again = await sdk.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(again.TerminatingInstances![0]!.PreviousState!.Name).toBe('terminated');
    expect(await failure(sdk.send(new TerminateInstancesCommand({ InstanceIds: ['i-0000000000000dead'] })))).toMatchObject({ code: 'InvalidInstanceID.NotFound', status: 400 });
  });

  it('interrupts a spot instance after its notice, and ends an instance shut down from inside as its shutdown behaviour says', async () => {
    const { fake, sdk } = await start({ pendingMs: 0, spotNoticeMs: 120_000 });
    const spot = await sdk.send(
      new RunInstancesCommand(
        launch({ MaxCount: 1, InstanceInitiatedShutdownBehavior: 'terminate', InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time' } } }),
      ),
    );
    const id = spot.Instances![0]!.InstanceId!;
    expect(spot.Instances![0]!.InstanceLifecycle).toBe('spot');
    expect(fake.spotNotice(id)).toBeNull();
    fake.interruptSpot(id);
    expect(fake.spotNotice(id)).toEqual({ action: 'terminate', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    expect(fake.instance(id)!.state).toBe('running');
    fake.advance(120_000);
    expect(fake.instance(id)!.state).toBe('shutting-down');
    expect(fake.instance(id)!.stateReason?.code).toBe('Server.SpotInstanceTermination');
    fake.advance();
    expect(fake.instance(id)!.state).toBe('terminated');

    const [terminating, stopping] = await Promise.all(
      (['terminate', 'stop'] as const).map((behaviour) => sdk.send(new RunInstancesCommand(launch({ MaxCount: 1, InstanceInitiatedShutdownBehavior: behaviour })))),
    );
    fake.shutdownFromInside(terminating!.Instances![0]!.InstanceId!);
    fake.shutdownFromInside(stopping!.Instances![0]!.InstanceId!);
    fake.advance();
    expect(fake.instance(terminating!.Instances![0]!.InstanceId!)!.state).toBe('terminated');
    expect(fake.instance(stopping!.Instances![0]!.InstanceId!)!.state).toBe('stopped');
  });

  it('launches what fits under a capacity cap, refuses fewer than MinCount, and injects capacity errors per target', async () => {
    const { fake, sdk } = await start({ capacity: [{ instanceType: 'c7i.large', zone: 'us-east-1a', available: 3 }] });
    const partial = await sdk.send(new RunInstancesCommand(launch({ MaxCount: 5, Placement: { AvailabilityZone: 'us-east-1a' } })));
    expect(partial.Instances?.map((i) => i.AmiLaunchIndex)).toEqual([0, 1, 2]);
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ Placement: { AvailabilityZone: 'us-east-1a' } }))))).toMatchObject({ code: 'InsufficientInstanceCapacity', status: 500 });
    fake.setCapacity('c7i.large', 'us-east-1a', 10);
    fake.addCapacityError({ market: 'spot', code: 'MaxSpotInstanceCountExceeded', times: 1 });
    const spot = launch({ Placement: { AvailabilityZone: 'us-east-1a' }, InstanceMarketOptions: { MarketType: 'spot' }, InstanceInitiatedShutdownBehavior: 'terminate' });
    expect(await failure(sdk.send(new RunInstancesCommand(spot)))).toMatchObject({ code: 'MaxSpotInstanceCountExceeded', status: 400 });
    expect((await sdk.send(new RunInstancesCommand(spot))).Instances).toHaveLength(2);
    expect(new Set(fake.instances().map((i) => i.privateIpAddress)).size).toBe(5);
    expect(fake.instances().every((i) => /^10\.\d+\.\d+\.\d+$/.test(i.privateIpAddress))).toBe(true);
  });

  it('throttles the next N calls, or a seeded fraction of them, with RequestLimitExceeded (503)', async () => {
    const { fake, sdk } = await start({ throttle: { next: 2 } });
    for (let i = 0; i < 2; i++) expect(await failure(sdk.send(new DescribeInstancesCommand({})))).toMatchObject({ code: 'RequestLimitExceeded', status: 503 });
    await sdk.send(new DescribeInstancesCommand({}));
    const pattern = async () => {
      fake.setThrottle({ fraction: 0.3, seed: 11 });
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) outcomes.push((await failure(sdk.send(new DescribeInstancesCommand({}))))?.code ?? 'ok');
      return outcomes;
    };
    const first = await pattern();
    expect(first).toContain('RequestLimitExceeded');
    expect(first).toContain('ok');
    expect(await pattern()).toEqual(first);
  });

  it('filters and pages DescribeInstances as EC2 does', async () => {
    const { fake, sdk } = await start({ pendingMs: 0 });
    const tagged = (job: string, zone: string, count: number) =>
      sdk.send(
        new RunInstancesCommand(launch({ MaxCount: count, Placement: { AvailabilityZone: zone }, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'job', Value: job }] }] })),
      );
    await tagged('a', 'us-east-1a', 7);
    await tagged('b', 'us-east-1b', 3);
    const pages: number[] = [];
    let token: string | undefined;
    do {
      const page = await sdk.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:job', Values: ['a'] }], MaxResults: 5, ...(token ? { NextToken: token } : {}) }));
      pages.push((page.Reservations ?? []).flatMap((r) => r.Instances ?? []).length);
      token = page.NextToken;
    } while (token);
    expect(pages).toEqual([5, 2]);
    const count = async (filters: { Name: string; Values: string[] }[]) =>
      ((await sdk.send(new DescribeInstancesCommand({ Filters: filters }))).Reservations ?? []).flatMap((r) => r.Instances ?? []).length;
    expect(await count([{ Name: 'availability-zone', Values: ['us-east-1b'] }])).toBe(3);
    expect(await count([{ Name: 'tag-key', Values: ['job'] }])).toBe(10);
    expect(await count([{ Name: 'instance-type', Values: ['m7i.large'] }])).toBe(0);
    expect(await count([{ Name: 'instance-state-name', Values: ['running'] }])).toBe(10);
    const one = fake.instances()[0]!.instanceId;
    await sdk.send(new CreateTagsCommand({ Resources: [one], Tags: [{ Key: 'extra', Value: '1' }] }));
    expect(await count([{ Name: 'tag:extra', Values: ['1'] }])).toBe(1);
    expect(await failure(sdk.send(new DescribeInstancesCommand({ Filters: [{ Name: 'nonsense', Values: ['x'] }] })))).toMatchObject({ code: 'InvalidParameterValue' });
    expect(await failure(sdk.send(new DescribeInstancesCommand({ InstanceIds: [one], MaxResults: 5 })))).toMatchObject({ code: 'InvalidParameterCombination' });
  });

  it('serves zones, configured subnets and placement groups', async () => {
    const { sdk } = await start({ zones: ['us-east-1a', 'us-east-1b'], subnets: { 'us-east-1a': ['subnet-aaaaaaaa', 'subnet-aaaaaaab'], 'us-east-1b': ['subnet-bbbbbbbb'] } });
    const zones = await sdk.send(new DescribeAvailabilityZonesCommand({}));
    expect(zones.AvailabilityZones?.map((z) => z.ZoneName)).toEqual(['us-east-1a', 'us-east-1b']);
    const subnets = await sdk.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'availability-zone', Values: ['us-east-1a'] }] }));
    expect(subnets.Subnets?.map((s) => s.SubnetId)).toEqual(['subnet-aaaaaaaa', 'subnet-aaaaaaab']);
    const inSubnet = await sdk.send(new RunInstancesCommand(launch({ MaxCount: 1, SubnetId: 'subnet-bbbbbbbb' })));
    expect(inSubnet.Instances![0]!.Placement!.AvailabilityZone).toBe('us-east-1b');
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ SubnetId: 'subnet-bbbbbbbb', Placement: { AvailabilityZone: 'us-east-1a' } }))))).toMatchObject({
      code: 'InvalidParameterValue',
    });

    await sdk.send(new CreatePlacementGroupCommand({ GroupName: 'pg', Strategy: 'cluster' }));
    expect(await failure(sdk.send(new CreatePlacementGroupCommand({ GroupName: 'pg', Strategy: 'cluster' })))).toMatchObject({ code: 'InvalidPlacementGroup.Duplicate' });
    expect((await sdk.send(new DescribePlacementGroupsCommand({ GroupNames: ['pg'] }))).PlacementGroups?.map((g) => [g.GroupName, g.Strategy, g.State])).toEqual([
      ['pg', 'cluster', 'available'],
    ]);
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ Placement: { GroupName: 'nope' } }))))).toMatchObject({ code: 'InvalidPlacementGroup.Unknown' });
    await sdk.send(new DeletePlacementGroupCommand({ GroupName: 'pg' }));
    expect((await sdk.send(new DescribePlacementGroupsCommand({}))).PlacementGroups).toEqual([]);
  });

  it('drops the connection after launching, and records every request', async () => {
    const { fake, sdk } = await start({ drops: [{ mode: 'launch-then-drop' }] });
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ ClientToken: 't' }))))).toMatchObject({ code: 'TimeoutError' });
    expect(fake.instances()).toHaveLength(2);
    const replay = await sdk.send(new RunInstancesCommand(launch({ ClientToken: 't' })));
    expect(replay.Instances?.map((i) => i.InstanceId).sort()).toEqual(
      fake
        .instances()
        .map((i) => i.instanceId)
        .sort(),
    );
    expect(fake.calls('RunInstances').map((r) => r.error ?? 'ok')).toEqual(['dropped', 'ok']);
    expect(fake.requests.every((r) => r.accessKeyId === fake.credentials.accessKeyId)).toBe(true);
  });

  it('refuses what EC2 refuses in a launch', async () => {
    const { sdk } = await start();
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ ImageId: 'ubuntu' }))))).toMatchObject({ code: 'InvalidAMIID.Malformed' });
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ UserData: 'not base64!' }))))).toMatchObject({ code: 'InvalidParameterValue' });
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ SubnetId: 'subnet-00000001', NetworkInterfaces: [{ DeviceIndex: 0 }] }))))).toMatchObject({
      code: 'InvalidParameterCombination',
    });
    expect(await failure(sdk.send(new RunInstancesCommand(launch({ TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'aws:x', Value: '1' }] }] }))))).toMatchObject({
      code: 'InvalidParameterValue',
    });
  });
});
