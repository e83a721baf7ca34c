import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetDeliveredIds, markDelivered, markUndeliverable, pendingEvents, spoolCounts } from '../../../src/events/spool/pending-events.js';
import { spoolEvent } from '../../../src/events/spool/spool-event.js';
import { eventIdHash, sinkSpoolDirectory } from '../../../src/events/spool/spool-layout.js';
import { writeNewFileSync } from '../../../src/store/atomic-write.js';
import { jobEndedEvent, jobEndedEvents } from '../../support/job-events.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'spawn-slurm-spool-'));

describe('the spool', () => {
  it('keeps each event once per sink, in $STATE/events/spool/<sink>/<time>-<id hash>.json', () => {
    const state = stateDir();
    const event = jobEndedEvent(12);
    expect(spoolEvent(state, 'hook', event)).toBe('spooled');
    expect(spoolEvent(state, 'hook', event)).toBe('already-spooled');
    expect(spoolEvent(state, 'archive', event)).toBe('spooled');
    const files = readdirSync(join(state, 'events', 'spool', 'hook')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^\\d{8}T\\d{6}\\.\\d{6}Z-${eventIdHash(event.id)}\\.json$`));
    expect(JSON.parse(readFileSync(join(state, 'events', 'spool', 'hook', files[0] as string), 'utf8'))).toEqual(event);
    expect(pendingEvents(state, 'hook').map((p) => p.event)).toEqual([event]);
  });

  it('lists pending events oldest first, even those spooled within one millisecond', () => {
    const state = stateDir();
    const events = jobEndedEvents(50);
    for (const event of events) spoolEvent(state, 'hook', event);
    expect(pendingEvents(state, 'hook').map((p) => p.event.id)).toEqual(events.map((e) => e.id));
    expect(pendingEvents(state, 'hook', 3).map((p) => p.event.detail.jobId)).toEqual([1, 2, 3]);
  });

  it('never takes an event again once delivered', () => {
    const state = stateDir();
    const event = jobEndedEvent(3);
    spoolEvent(state, 'hook', event);
    const [pending] = pendingEvents(state, 'hook');
    markDelivered(state, 'hook', pending as NonNullable<typeof pending>);
    expect(pendingEvents(state, 'hook')).toEqual([]);
    expect(spoolEvent(state, 'hook', event)).toBe('already-spooled');
    expect(pendingEvents(state, 'hook')).toEqual([]);
    // The id is kept, its copy of the event is not.
    expect(statSync(join(sinkSpoolDirectory(state, 'hook'), 'seen', eventIdHash(event.id))).size).toBe(0);
  });

  it('is exactly once when many spoolers race with the same events', async () => {
    const state = stateDir();
    const events = jobEndedEvents(20);
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => Promise.resolve().then(() => events.map((e) => spoolEvent(state, 'hook', e)))));
    expect(outcomes.flat().filter((o) => o === 'spooled')).toHaveLength(20);
    expect(pendingEvents(state, 'hook')).toHaveLength(20);
  });

  it('counts pending and failed events, and the oldest one, from names alone', () => {
    const state = stateDir();
    const before = Date.now();
    for (const event of jobEndedEvents(3)) spoolEvent(state, 'hook', event);
    const [first] = pendingEvents(state, 'hook');
    markUndeliverable(state, 'hook', first as NonNullable<typeof first>);
    const counts = spoolCounts(state, 'hook');
    expect(counts).toMatchObject({ pending: 2, failed: 1 });
    expect(counts.oldestSpooledAt).toBeGreaterThanOrEqual(before);
    expect(counts.oldestSpooledAt).toBeLessThanOrEqual(Date.now());
    expect(spoolCounts(state, 'never-used')).toEqual({ pending: 0, failed: 0 });
  });

  it('puts in place an event whose spooler died after spooling it, and drops one that never was spooled', () => {
    const state = stateDir();
    const dir = sinkSpoolDirectory(state, 'hook');
    mkdirSync(join(dir, 'seen'), { recursive: true });
    const spooled = jobEndedEvent(1);
    const interrupted = join(dir, `.${eventIdHash(spooled.id)}.999999.1.tmp`);
    writeFileSync(interrupted, JSON.stringify(spooled));
    linkSync(interrupted, join(dir, 'seen', eventIdHash(spooled.id)));
    const neverSpooled = join(dir, `.${eventIdHash(jobEndedEvent(2).id)}.999999.2.tmp`);
    writeFileSync(neverSpooled, JSON.stringify(jobEndedEvent(2)));
    const old = new Date(Date.now() - 120_000);
    utimesSync(interrupted, old, old);
    utimesSync(neverSpooled, old, old);
    expect(pendingEvents(state, 'hook').map((p) => p.event.id)).toEqual([spooled.id]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('moves a file that holds no event to failed/ instead of handing it to a sink', () => {
    const state = stateDir();
    spoolEvent(state, 'hook', jobEndedEvent(1));
    writeFileSync(join(sinkSpoolDirectory(state, 'hook'), `20260101T000000.000000Z-${'0'.repeat(32)}.json`), 'not json');
    expect(pendingEvents(state, 'hook').map((p) => p.event.detail.jobId)).toEqual([1]);
    expect(spoolCounts(state, 'hook')).toMatchObject({ pending: 1, failed: 1 });
  });

  it('forgets the ids of events delivered long ago, and only those', () => {
    const state = stateDir();
    for (const event of jobEndedEvents(2)) spoolEvent(state, 'hook', event);
    const [delivered] = pendingEvents(state, 'hook');
    markDelivered(state, 'hook', delivered as NonNullable<typeof delivered>);
    expect(forgetDeliveredIds(state, 'hook', Date.now() + 1000)).toBe(1);
    expect(spoolEvent(state, 'hook', jobEndedEvent(2))).toBe('already-spooled');
  });

  it('refuses a sink name that is not a plain directory name', () => {
    expect(() => spoolEvent(stateDir(), '..', jobEndedEvent(1))).toThrow(/cannot name a sink/);
    expect(() => spoolEvent(stateDir(), 'a/b', jobEndedEvent(1))).toThrow(/cannot name a sink/);
  });

  it('spools an event in about the time of two flushes to disk (the file, its directory): no network, no SDK', () => {
    const state = stateDir();
    const events = jobEndedEvents(200);
    spoolEvent(state, 'warm-up', jobEndedEvent(0));
    const timed = (work: (i: number) => void) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < events.length; i++) work(i);
      return Number(process.hrtime.bigint() - start) / 1e6 / events.length;
    };
    const perEvent = timed((i) => spoolEvent(state, 'hook', events[i] as (typeof events)[number]));
    const bareFsync = timed((i) => writeNewFileSync(join(state, `bare-${i}`), JSON.stringify(events[i])));
    console.log(`spool: ${perEvent.toFixed(3)} ms per event; a bare write and fsync of the same bytes: ${bareFsync.toFixed(3)} ms`);
    // A loose bound, for slow CI disks; the figures are printed above.
    expect(perEvent).toBeLessThan(20);
  });
});
