import { afterEach, describe, expect, it } from 'vitest';
import { Ec2LaunchError, launchInstances } from '../../../src/launch/ec2/launch-instances.js';
import { request, startHarness } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const runCalls = (harness: Harness) => harness.fake.calls('RunInstances');
const tokens = (harness: Harness) => runCalls(harness).map((r) => r.params['ClientToken']);

describe('launchInstances when EC2 throttles or answers are lost', () => {
  it('rides out a throttling storm with the same ClientToken and no duplicate instances', async () => {
    h = await startHarness({ throttle: { next: 8, actions: ['RunInstances'] } });
    const result = await launchInstances(request({ count: 50 }), h.deps());
    expect(runCalls(h)).toHaveLength(9);
    expect(runCalls(h).map((r) => r.error ?? 'ok')).toEqual([...Array(8).fill('RequestLimitExceeded'), 'ok']);
    expect(new Set(tokens(h)).size).toBe(1);
    expect(new Set(runCalls(h).map((r) => JSON.stringify(r.params))).size).toBe(1);
    expect(result.instances).toHaveLength(50);
    expect(h.fake.instances()).toHaveLength(50);
    expect(result.calls).toBe(10);
    // Full jitter with random() = 0.5: half of min(20 s, 200 ms · 2^n).
    expect(h.sleeps).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 10000]);
  });

  it('keeps every backoff under its ceiling whatever random() draws', async () => {
    h = await startHarness({ throttle: { next: 11, actions: ['RunInstances'] } });
    await launchInstances(request({ count: 1 }), h.deps({ random: () => 0.999999 }));
    const ceilings = [200, 400, 800, 1600, 3200, 6400, 12800, 20000, 20000, 20000, 20000];
    expect(h.sleeps).toHaveLength(11);
    for (const [i, ms] of h.sleeps.entries()) expect(ms).toBeLessThan(ceilings[i]!);
    expect(h.sleeps.at(-1)).toBeGreaterThan(19_000);
  });

  it('gives up after 12 tries with an error that says so', async () => {
    h = await startHarness({ throttle: { next: 100, actions: ['RunInstances'] } });
    const error = (await launchInstances(request({ count: 1 }), h.deps()).catch((e: unknown) => e)) as Ec2LaunchError;
    expect(error).toBeInstanceOf(Ec2LaunchError);
    expect(error.code).toBe('RetriesExhausted');
    expect(error.message).toMatch(/gave up after 12 tries; the last answer was RequestLimitExceeded: Request limit exceeded\./);
    expect(runCalls(h)).toHaveLength(12);
    expect(h.fake.instances()).toEqual([]);
  });

  it('retries throttled reads too, and a fraction of throttled calls drawn from a seed', async () => {
    h = await startHarness({ throttle: { fraction: 0.5, seed: 7 } });
    const result = await launchInstances(request({ count: 20, zones: undefined, batchKey: 'a' }), h.deps());
    expect(result.instances).toHaveLength(20);
    expect(h.fake.requests.some((r) => r.error === 'RequestLimitExceeded')).toBe(true);
    expect(h.fake.instances()).toHaveLength(20);
    expect(new Set(tokens(h)).size).toBe(1);
  });

  it('retries 5xx answers and network errors', async () => {
    h = await startHarness();
    let failures = 0;
    const flaky = {
      ...h.client,
      runInstances: async (input: Parameters<Harness['client']['runInstances']>[0]) => {
        if (failures++ < 2) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        return h!.client.runInstances(input);
      },
    };
    const result = await launchInstances(request({ count: 3 }), h.deps({ client: flaky }));
    expect(result.instances).toHaveLength(3);
    expect(h.sleeps).toHaveLength(2);
  });

  it('a lost answer (EC2 launched, then the connection dropped) is retried with the same token and returns the same instances', async () => {
    h = await startHarness({ drops: [{ mode: 'launch-then-drop', times: 1 }] });
    const result = await launchInstances(request({ count: 25 }), h.deps());
    expect(runCalls(h).map((r) => r.error ?? 'ok')).toEqual(['dropped', 'ok']);
    expect(tokens(h)[0]).toBe(tokens(h)[1]);
    expect(h.fake.instances()).toHaveLength(25);
    expect(result.instances.map((i) => i.instanceId).sort()).toEqual(
      h.fake
        .instances()
        .map((i) => i.instanceId)
        .sort(),
    );
  });

  it('a resumed launch of the same job and batch launches nothing new', async () => {
    h = await startHarness({ capacity: [{ instanceType: 'c7i.4xlarge', zone: 'us-east-1a', available: 7 }] });
    const first = await launchInstances(request({ count: 10 }), h.deps());
    expect(h.fake.instances()).toHaveLength(10);
    const runsBefore = runCalls(h).length;
    const again = await launchInstances(request({ count: 10 }), h.deps());
    expect(runCalls(h)).toHaveLength(runsBefore);
    expect(h.fake.instances()).toHaveLength(10);
    expect(again.instances.map((i) => i.instanceId).sort()).toEqual(first.instances.map((i) => i.instanceId).sort());
    expect(again.attempts[0]!.outcome).toBe('resumed: 10 instance(s) launched earlier');
  });

  it('a submit that crashed before it saw the answer resumes without duplicates', async () => {
    h = await startHarness({ drops: [{ mode: 'launch-then-drop', times: 1 }] });
    const crashed = await launchInstances(request({ count: 30 }), h.deps({ retryPolicy: { baseMs: 200, capMs: 20_000, maxTries: 1 } })).catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(Ec2LaunchError);
    expect(h.fake.instances()).toHaveLength(30);
    const resumed = await launchInstances(request({ count: 30 }), h.deps());
    expect(h.fake.instances()).toHaveLength(30);
    expect(resumed.instances).toHaveLength(30);
    expect(runCalls(h)).toHaveLength(1);
  });

  it('the same calls in a resumed run reuse their tokens, so even an unseen earlier launch is not repeated', async () => {
    h = await startHarness();
    const first = await launchInstances(request({ count: 4 }), h.deps());
    // As if DescribeInstances had not caught up yet: the resumed run sees nothing and repeats the same call.
    const blind = { ...h.client, describeInstances: async () => ({ Reservations: [], $metadata: {} }) };
    const again = await launchInstances(request({ count: 4 }), h.deps({ client: blind }));
    expect(new Set(tokens(h)).size).toBe(1);
    expect(h.fake.instances()).toHaveLength(4);
    expect(again.instances.map((i) => i.instanceId)).toEqual(first.instances.map((i) => i.instanceId));
  });

  it('uses a different token for another type, zone or market, and the same one for the same call', async () => {
    h = await startHarness({ capacityErrors: [{ market: 'spot', code: 'InsufficientInstanceCapacity' }] });
    const spotFirst = request({ count: 2, purchase: 'spot-with-fallback', candidates: [{ instanceType: 'c7i.4xlarge' }] });
    await launchInstances(spotFirst, h.deps());
    expect(runCalls(h).map((r) => `${r.params['Placement.AvailabilityZone']} ${r.params['InstanceMarketOptions.MarketType'] ?? 'on-demand'}`)).toEqual([
      'us-east-1a spot',
      'us-east-1b spot',
      'us-east-1a on-demand',
    ]);
    expect(new Set(tokens(h)).size).toBe(3);
    const blind = { ...h.client, describeInstances: async () => ({ Reservations: [], $metadata: {} }) };
    await launchInstances(spotFirst, h.deps({ client: blind, cooldown: { version: 1, entries: {} } }));
    expect(tokens(h).slice(3)).toEqual(tokens(h).slice(0, 3));
    expect(h.fake.instances()).toHaveLength(2);
  });
});
