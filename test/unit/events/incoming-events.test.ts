import { describe, expect, it } from 'vitest';
import { readIncomingEvents } from '../../../src/events/serve/incoming-events.js';

const event = { version: '0', id: 'e-1', 'detail-type': 'Object Created', source: 'lab', account: '', time: '2026-12-02T05:10:11Z', region: '', resources: [], detail: { a: 1 } };

describe('readIncomingEvents', () => {
  it('takes one event, or a list of them, as they are', () => {
    expect(readIncomingEvents(JSON.stringify(event))).toEqual({ ok: true, events: [event] });
    expect(readIncomingEvents(JSON.stringify([event, { ...event, id: 'e-2' }]))).toMatchObject({ ok: true, events: [{ id: 'e-1' }, { id: 'e-2' }] });
  });

  it('makes a PutEvents entry an event, as EventBridge does', () => {
    const reading = readIncomingEvents(JSON.stringify({ Source: 'lab', DetailType: 'Object Created', Detail: '{"a":1}', Time: 1_796_000_000 }));
    expect(reading).toMatchObject({
      ok: true,
      events: [{ version: '0', source: 'lab', 'detail-type': 'Object Created', account: '', region: '', resources: [], time: '2026-11-30T00:53:20Z', detail: { a: 1 } }],
    });
    expect(reading.ok && reading.events[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [{ Source: 'lab', Detail: '[1]' }, 'not a PutEvents entry: "DetailType" must be a non-empty string, "Detail" must hold a JSON object'],
    [{ Source: 'lab', DetailType: 'X', Detail: '{}', Time: 'yesterday' }, 'not a PutEvents entry: "Time" must be an ISO 8601 time or epoch seconds'],
    [{ Source: 'lab', DetailType: 'X', Detail: {} }, '"Detail" must be a string holding a JSON object'],
    [[], 'the list holds no events'],
    ['x', 'not an EventBridge event: it is a string, not an object'],
  ])('%j: %s', (body, problem) => {
    const reading = readIncomingEvents(JSON.stringify(body));
    expect(reading.ok ? '' : reading.problem).toContain(problem);
  });

  it('takes at most ten events at once, and none of a list with a bad one', () => {
    const eleven = readIncomingEvents(JSON.stringify(Array.from({ length: 11 }, () => event)));
    expect(eleven.ok ? '' : eleven.problem).toBe('the list holds 11 events: at most 10 go in one request, as in PutEvents');
    const { id: _, ...noId } = event;
    const mixed = readIncomingEvents(JSON.stringify([event, noId]));
    expect(mixed).toEqual({ ok: false, problem: 'event 2 of 2: not an EventBridge event: "id" is missing (no event of the list was taken)', hint: expect.stringContaining('an event has') });
  });
});
