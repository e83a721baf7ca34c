import { describe, expect, it } from 'vitest';
import { readEventJson } from '../../../src/events/event-envelope.js';

const event = { version: '0', id: 'a:1:ended', 'detail-type': 'Job Ended', source: 'spawn-slurm.local', account: '', time: '2026-12-02T05:10:11Z', region: '', resources: [], detail: {} };

describe('readEventJson', () => {
  it('reads an EventBridge event, whatever its detail', () => {
    expect(readEventJson(JSON.stringify({ ...event, detail: { bucket: { name: 'b' } } }))).toEqual({ ok: true, event: { ...event, detail: { bucket: { name: 'b' } } } });
  });

  it.each([
    ['[1]', 'not an EventBridge event: it is a list, not an object'],
    [JSON.stringify({ ...event, 'detail-type': undefined, time: 5 }), 'not an EventBridge event: "time" is a number, not a string, "detail-type" is missing'],
    [JSON.stringify({ ...event, resources: 'arn' }), '"resources" must be a list of strings'],
    [JSON.stringify({ ...event, detail: 'x' }), '"detail" is a string, not an object'],
    [JSON.stringify({ ...event, version: 0 }), '"version" is a number, not a string'],
    ['{"a":\n  ,}', 'not valid JSON: '],
    ['{"a": 1}\n{"b": 2}\n', 'not valid JSON: Unexpected non-whitespace character after JSON at position 9 (line 2, column 1)'],
  ])('%s', (text, problem) => {
    const reading = readEventJson(text);
    expect(reading.ok ? '' : reading.problem).toContain(problem);
  });

  it('hints that a job log holds one event per line', () => {
    const reading = readEventJson(`${JSON.stringify(event)}\n${JSON.stringify(event)}\n`);
    expect(reading.ok ? undefined : reading.hint).toBe('give one event: a job log (events.jsonl) holds one per line');
  });
});
