import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventBridgeSink } from '../../../../src/events/sinks/eventbridge-sink.js';
import { MAX_BYTES_PER_CALL, batchForPutEvents, entrySize, putEventsEntry } from '../../../../src/events/sinks/eventbridge/entries.js';
import type { EventBridgeSinkSettings } from '../../../../src/mapping/config/types.js';
import { type FakeEventBridge, startFakeEventBridge } from '../../../support/fake-eventbridge.js';
import { jobEndedEvent, jobEndedEvents } from '../../../support/job-events.js';

let fake: FakeEventBridge;
const waits: number[] = [];
const timing = { sleep: async (ms: number) => void waits.push(ms), random: () => 0 };

function sink(settings: Partial<EventBridgeSinkSettings> = {}, credentials = fake.credentials) {
  return eventBridgeSink({ name: 'bus', type: 'eventbridge', bus: 'jobs', region: fake.region, ...settings }, { clientSettings: { endpoint: fake.url, credentials }, timing });
}

/** An event whose PutEvents entry is about `bytes` long. */
const eventOfSize = (jobId: number, bytes: number) => jobEndedEvent(jobId, { workDir: 'w'.repeat(bytes) });

beforeEach(async () => {
  fake = await startFakeEventBridge();
  waits.length = 0;
});
afterEach(() => fake.close());

describe('the EventBridge sink', () => {
  it('puts each event as an entry: Source, DetailType, Detail as JSON text, Time, Resources, EventBusName', async () => {
    const event = jobEndedEvent(4);
    expect(await sink().deliver([event])).toEqual({ delivered: [event.id], failed: [] });
    expect(fake.accepted()).toEqual([
      { Source: 'spawn-slurm.local', DetailType: 'Job Ended', Detail: JSON.stringify(event.detail), Time: Date.parse(event.time) / 1000, Resources: [], EventBusName: 'jobs' },
    ]);
  });

  it("uses the configured source instead of the event's", async () => {
    await sink({ source: 'site.cluster' }).deliver([jobEndedEvent(1)]);
    expect(fake.accepted()[0]?.Source).toBe('site.cluster');
  });

  it('sends 25 events in 3 calls of at most 10', async () => {
    const events = jobEndedEvents(25);
    const result = await sink().deliver(events);
    expect(result.delivered).toEqual(events.map((e) => e.id));
    expect(fake.calls.map((c) => c.entries.length)).toEqual([10, 10, 5]);
  });

  it('keeps a call within 256 KiB: a 200 KB event goes alone between two of 70 KB', async () => {
    const events = [eventOfSize(1, 70_000), eventOfSize(2, 200_000), eventOfSize(3, 70_000)];
    const result = await sink().deliver(events);
    expect(result.delivered).toHaveLength(3);
    expect(fake.calls.map((c) => c.entries.map((e) => JSON.parse(e.Detail ?? '{}').jobId))).toEqual([[1], [2], [3]]);
  });

  it('refuses an event larger than an entry may be, for good, and sends the others', async () => {
    const [huge, small] = [eventOfSize(1, MAX_BYTES_PER_CALL), jobEndedEvent(2)];
    const result = await sink().deliver([huge, small]);
    expect(result.delivered).toEqual([small.id]);
    expect(result.failed).toEqual([{ id: huge.id, reason: expect.stringMatching(/EventBridge takes at most 262144/), retryable: false }]);
  });

  it('sends again the entries answered with an ErrorCode, and only those', async () => {
    const events = jobEndedEvents(4);
    fake.setFailEntry((entry, call) => (call === 0 && JSON.parse(entry.Detail ?? '{}').jobId % 2 === 0 ? 'ThrottlingException' : undefined));
    const result = await sink().deliver(events);
    expect(result).toEqual({ delivered: [events[0]?.id, events[2]?.id, events[1]?.id, events[3]?.id], failed: [] });
    expect(fake.calls.map((c) => c.entries.length)).toEqual([4, 2]);
    expect(fake.accepted()).toHaveLength(4);
    expect(waits).toEqual([250]);
  });

  it('leaves an entry that keeps failing for the next round, and one EventBridge calls malformed for good', async () => {
    const [throttled, malformed] = jobEndedEvents(2) as [ReturnType<typeof jobEndedEvent>, ReturnType<typeof jobEndedEvent>];
    fake.setFailEntry((entry) => (JSON.parse(entry.Detail ?? '{}').jobId === 1 ? 'InternalFailure' : 'MalformedDetail'));
    const result = await sink().deliver([throttled, malformed]);
    expect(result.delivered).toEqual([]);
    expect(result.failed).toEqual([
      { id: malformed.id, reason: 'MalformedDetail: fake failure: MalformedDetail', retryable: false },
      { id: throttled.id, reason: 'InternalFailure: fake failure: InternalFailure', retryable: true },
    ]);
    expect(fake.calls).toHaveLength(3);
  });

  it('signs its calls: wrong credentials leave every event pending', async () => {
    const events = jobEndedEvents(12);
    const result = await sink({}, { accessKeyId: fake.credentials.accessKeyId, secretAccessKey: 'not the secret' }).deliver(events);
    expect(result.delivered).toEqual([]);
    expect(result.failed).toHaveLength(12);
    expect(result.failed.every((f) => f.retryable)).toBe(true);
    expect(result.failed[0]?.reason).toMatch(/^InvalidSignatureException: /);
    expect(fake.calls).toHaveLength(1);
  });
});

describe('PutEvents entries and batches', () => {
  it('counts an entry as EventBridge does: 14 bytes for Time, and the UTF-8 bytes of the rest', () => {
    const entry = putEventsEntry(jobEndedEvent(1, { name: 'ünïcode' }), { bus: 'b' });
    expect(entrySize(entry)).toBe(14 + 'spawn-slurm.local'.length + 'Job Ended'.length + Buffer.byteLength(entry.Detail));
  });

  it('batches in order, by count and by size', () => {
    expect(batchForPutEvents([...Array(21).keys()], () => 1).map((b) => b.length)).toEqual([10, 10, 1]);
    expect(batchForPutEvents([100_000, 100_000, 100_000, 10], (n) => n)).toEqual([
      [100_000, 100_000],
      [100_000, 10],
    ]);
    expect(batchForPutEvents([], () => 1)).toEqual([]);
  });
});
