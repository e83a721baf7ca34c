import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliverSpooled } from '../../../../src/events/sinks/deliver-spooled.js';
import type { DeliveryResult, Sink } from '../../../../src/events/sinks/sink.js';
import { pendingEvents, spoolCounts } from '../../../../src/events/spool/pending-events.js';
import { readSinkStatus } from '../../../../src/events/spool/sink-status.js';
import { spoolEvent } from '../../../../src/events/spool/spool-event.js';
import type { JobEvent } from '../../../../src/store/events.js';
import { jobEndedEvents } from '../../../support/job-events.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'spawn-slurm-deliver-'));

/** A sink that answers as `judge` says and remembers every event it was handed. */
function scriptedSink(name: string, judge: (event: JobEvent) => 'ok' | 'later' | 'never'): Sink & { seen: string[] } {
  const seen: string[] = [];
  return {
    name,
    seen,
    async deliver(events) {
      const result: DeliveryResult = { delivered: [], failed: [] };
      for (const event of events) {
        seen.push(event.id);
        const verdict = judge(event);
        if (verdict === 'ok') result.delivered.push(event.id);
        else result.failed.push({ id: event.id, reason: verdict === 'later' ? 'HTTP 503' : 'HTTP 400', retryable: verdict === 'later' });
      }
      return result;
    },
  };
}

describe('a delivery round', () => {
  it('removes what the sink took, keeps what may pass later, and moves what it refused for good to failed/', async () => {
    const state = stateDir();
    const events = jobEndedEvents(6);
    for (const event of events) spoolEvent(state, 'hook', event);
    const sink = scriptedSink('hook', (e) => (e.detail.jobId === 2 ? 'never' : e.detail.jobId === 5 ? 'later' : 'ok'));
    const [round] = await deliverSpooled(state, [sink], { now: () => Date.parse('2026-12-02T06:00:00Z') });
    expect(round).toEqual({ sink: 'hook', delivered: 4, undeliverable: 1, pending: 1, busy: false, error: 'HTTP 400' });
    expect(pendingEvents(state, 'hook').map((p) => p.event.detail.jobId)).toEqual([5]);
    expect(spoolCounts(state, 'hook').failed).toBe(1);
    expect(readSinkStatus(state, 'hook')).toMatchObject({
      delivered: 4,
      lastAttempt: '2026-12-02T06:00:00.000Z',
      lastDelivery: '2026-12-02T06:00:00.000Z',
      lastError: { message: 'HTTP 400', retryable: false },
    });
  });

  it('loses nothing while a sink is down, and delivers each event once when it is back', async () => {
    const state = stateDir();
    const events = jobEndedEvents(25);
    for (const event of events) spoolEvent(state, 'hook', event);
    let up = false;
    const sink = scriptedSink('hook', () => (up ? 'ok' : 'later'));
    for (let i = 0; i < 3; i++) expect((await deliverSpooled(state, [sink]))[0]).toMatchObject({ delivered: 0, pending: 25, error: 'HTTP 503' });
    up = true;
    const delivered = sink.seen.length;
    expect((await deliverSpooled(state, [sink]))[0]).toMatchObject({ delivered: 25, pending: 0 });
    expect(sink.seen.slice(delivered)).toEqual(events.map((e) => e.id));
    expect(readSinkStatus(state, 'hook').lastError).toBeUndefined();
    expect((await deliverSpooled(state, [sink]))[0]).toMatchObject({ delivered: 0, pending: 0 });
    expect(sink.seen.slice(delivered)).toHaveLength(25);
  });

  it('stops handing a sink events once it says it is down: the rest of the round waits', async () => {
    const state = stateDir();
    for (const event of jobEndedEvents(30)) spoolEvent(state, 'hook', event);
    const sink = scriptedSink('hook', () => 'later');
    await deliverSpooled(state, [sink]);
    expect(sink.seen).toHaveLength(10);
  });

  it('keeps every event when a sink throws', async () => {
    const state = stateDir();
    for (const event of jobEndedEvents(2)) spoolEvent(state, 'hook', event);
    const broken: Sink = { name: 'hook', deliver: () => Promise.reject(new Error('boom')) };
    expect((await deliverSpooled(state, [broken]))[0]).toMatchObject({ delivered: 0, pending: 2, error: 'the sink failed: boom' });
  });

  it('lets one round at a time deliver a sink', async () => {
    const state = stateDir();
    for (const event of jobEndedEvents(3)) spoolEvent(state, 'hook', event);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: Sink = {
      name: 'hook',
      async deliver(events) {
        await gate;
        return { delivered: events.map((e) => e.id), failed: [] };
      },
    };
    const first = deliverSpooled(state, [slow]);
    const second = await deliverSpooled(state, [slow]);
    expect(second[0]).toMatchObject({ busy: true, pending: 3 });
    release();
    expect((await first)[0]).toMatchObject({ delivered: 3, pending: 0 });
  });

  it('delivers each sink its own spool, and skips a sink with nothing pending', async () => {
    const state = stateDir();
    const [a, b] = jobEndedEvents(2) as [JobEvent, JobEvent];
    spoolEvent(state, 'one', a);
    spoolEvent(state, 'two', b);
    const one = scriptedSink('one', () => 'ok');
    const two = scriptedSink('two', () => 'ok');
    const idle = scriptedSink('idle', () => 'ok');
    await deliverSpooled(state, [one, two, idle]);
    expect([one.seen, two.seen, idle.seen]).toEqual([[a.id], [b.id], []]);
  });
});
