import { makeEc2Client } from '../../../src/launch/ec2/ec2-client.js';
import type { Ec2Client } from '../../../src/launch/ec2/ec2-client.js';
import { emptyCooldown } from '../../../src/launch/ec2/capacity-cooldown.js';
import type { CapacityCooldown } from '../../../src/launch/ec2/capacity-cooldown.js';
import type { LaunchDeps, LaunchRequest } from '../../../src/launch/ec2/launch-instances.js';
import { startFakeEc2 } from '../../support/fake-ec2/server.js';
import type { FakeEc2, FakeEc2Options } from '../../support/fake-ec2/server.js';

export const IMAGE = 'ami-0123456789abcdef0';
export const USER_DATA = Buffer.from('#!/bin/bash\nshutdown -h +60\n').toString('base64');

export interface Harness {
  fake: FakeEc2;
  client: Ec2Client;
  cooldown: CapacityCooldown;
  /** Every backoff the launcher asked for, in order; nothing really waits. */
  sleeps: number[];
  /** The clock the launcher sees (the cooldown reads it). */
  clock: { now: number };
  deps(extra?: Partial<LaunchDeps>): LaunchDeps;
  close(): Promise<void>;
}

export async function startHarness(options: FakeEc2Options = {}): Promise<Harness> {
  const fake = await startFakeEc2(options);
  const client = makeEc2Client({ region: fake.region, endpoint: fake.url, credentials: fake.credentials });
  const cooldown = emptyCooldown();
  const sleeps: number[] = [];
  const clock = { now: Date.parse('2026-11-23T12:00:00Z') };
  return {
    fake,
    client,
    cooldown,
    sleeps,
    clock,
    deps: (extra = {}) => ({
      client,
      cooldown,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      now: () => clock.now,
      ...extra,
    }),
    async close() {
      client.destroy();
      await fake.close();
    },
  };
}

export function request(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    jobId: 42,
    batchKey: 'tasks-0-999',
    count: 10,
    allOrNothing: false,
    candidates: [{ instanceType: 'c7i.4xlarge' }, { instanceType: 'm7i.8xlarge' }],
    purchase: 'on-demand',
    zones: ['us-east-1a', 'us-east-1b'],
    imageId: IMAGE,
    userData: USER_DATA,
    tags: { 'spawn-slurm:job-id': '42', Name: 'spawn-slurm-42' },
    ...overrides,
  };
}
