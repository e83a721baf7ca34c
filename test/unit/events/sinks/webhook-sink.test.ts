import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookSink } from '../../../../src/events/sinks/webhook-sink.js';
import type { WebhookSinkSettings } from '../../../../src/mapping/config/types.js';
import { jobEndedEvent, jobEndedEvents } from '../../../support/job-events.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.js';

const SECRET = 'correct horse battery staple';

let receiver: WebhookReceiver;
const waits: number[] = [];
const timing = { sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 };

function sink(settings: Partial<WebhookSinkSettings> = {}) {
  const full: WebhookSinkSettings = { name: 'hook', type: 'webhook', url: `${receiver.url}/events`, secret_env: 'HOOK_SECRET', timeout: 5, retries: 3, ...settings };
  return webhookSink(full, { env: { HOOK_SECRET: SECRET }, timing });
}

beforeEach(async () => {
  receiver = await startWebhookReceiver(SECRET);
  waits.length = 0;
});
afterEach(() => receiver.close());

describe('the webhook sink', () => {
  it('POSTs the event JSON with a signature the receiver verifies with the shared secret, and the event id', async () => {
    const event = jobEndedEvent(7);
    expect(await sink().deliver([event])).toEqual({ delivered: [event.id], failed: [] });
    const [post] = receiver.posts;
    expect(post?.signatureValid).toBe(true);
    expect(JSON.parse(post?.body ?? '')).toEqual(event);
    expect(post?.headers['x-spawn-slurm-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(post?.headers['x-spawn-slurm-event-id']).toBe(event.id);
    expect(post?.headers['content-type']).toBe('application/json');
  });

  it('a receiver with another secret refuses it', async () => {
    const other = webhookSink({ name: 'hook', type: 'webhook', url: receiver.url, secret_env: 'S', timeout: 5, retries: 0 }, { env: { S: 'wrong secret' }, timing });
    const result = await other.deliver([jobEndedEvent(1)]);
    expect(result.failed[0]).toMatchObject({ retryable: false, reason: expect.stringContaining('HTTP 401') });
  });

  it('retries a 500 and a time-out with growing waits, then succeeds', async () => {
    receiver.next({ status: 500 }, 'hang', { status: 503 });
    const event = jobEndedEvent(1);
    const result = await sink({ timeout: 0.3 }).deliver([event]);
    expect(result).toEqual({ delivered: [event.id], failed: [] });
    expect(receiver.posts).toHaveLength(4);
    expect(receiver.accepted()).toEqual([event.id]);
    // 0.5 s, 1 s, 2 s windows, each waited for in its upper half (random() = 0.5 gives 3/4 of it).
    expect(waits).toEqual([375, 750, 1500]);
  });

  it('honours Retry-After on a 429', async () => {
    receiver.next({ status: 429, headers: { 'Retry-After': '7' } });
    await sink().deliver([jobEndedEvent(1)]);
    expect(waits).toEqual([7000]);
  });

  it('does not retry a 400, and goes on with the next event', async () => {
    receiver.next({ status: 400 });
    const [bad, good] = jobEndedEvents(2) as [ReturnType<typeof jobEndedEvent>, ReturnType<typeof jobEndedEvent>];
    const result = await sink().deliver([bad, good]);
    expect(result.delivered).toEqual([good.id]);
    expect(result.failed).toEqual([{ id: bad.id, reason: 'HTTP 400 Bad Request: status 400', retryable: false }]);
    expect(receiver.posts).toHaveLength(2);
    expect(waits).toEqual([]);
  });

  it('gives up after its retries, and keeps the later events for the next round without sending them', async () => {
    receiver.setDefault({ status: 503 });
    const events = jobEndedEvents(3);
    const result = await sink({ retries: 2 }).deliver(events);
    expect(result.delivered).toEqual([]);
    expect(result.failed.map((f) => [f.id, f.retryable])).toEqual(events.map((e) => [e.id, true]));
    expect(result.failed[0]?.reason).toBe('HTTP 503 Service Unavailable: status 503');
    expect(result.failed[1]?.reason).toMatch(/^not sent: /);
    expect(receiver.posts).toHaveLength(3);
  });

  it('says so when a connection cannot be made, and may try later', async () => {
    await receiver.close();
    const result = await sink({ retries: 0 }).deliver([jobEndedEvent(1)]);
    expect(result.failed[0]).toMatchObject({ retryable: true, reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('sends nothing without its secret, and names the variable, not a value', async () => {
    const unset = webhookSink({ name: 'hook', type: 'webhook', url: receiver.url, secret_env: 'HOOK_SECRET', timeout: 5, retries: 0 }, { env: {}, timing });
    const result = await unset.deliver([jobEndedEvent(1)]);
    expect(result.failed[0]).toMatchObject({ retryable: true, reason: expect.stringContaining('HOOK_SECRET') });
    expect(receiver.posts).toEqual([]);
  });
});
