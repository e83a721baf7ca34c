import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendEvent, EventLogWriter, jobDetail, makeEvent, readEvents } from '../../../src/store/event-log.js';
import type { EventDetail } from '../../../src/store/events.js';
import type { JobRecord } from '../../../src/store/job-record.js';

const record = (id: number) => ({ id, job: { name: 'j' }, user: 'u', partition: 'local', backend: 'local', submitTime: '2026-12-02T00:00:00Z' }) as unknown as JobRecord;
const detail = (jobId: number, state: EventDetail['state'] = 'PENDING'): EventDetail => jobDetail(record(jobId), { state });

const log = () => join(mkdtempSync(join(tmpdir(), 'spawn-slurm-events-')), 'events.jsonl');

describe('the event log', () => {
  it('has the EventBridge shape with a stable id per transition', () => {
    const event = makeEvent('store1', 'Task Ended', 'task-3-ended-0', detail(7, 'COMPLETED'), new Date('2026-12-02T05:00:00.123Z'));
    expect(event).toMatchObject({ version: '0', id: 'store1:7:task-3-ended-0', 'detail-type': 'Task Ended', source: 'spawn-slurm.local', time: '2026-12-02T05:00:00Z', resources: [] });
    expect(makeEvent('store1', 'Task Ended', 'task-3-ended-0', detail(7, 'COMPLETED')).id).toBe(event.id);
  });

  it('reads back what was appended, in order; a missing log has no events', () => {
    const path = log();
    expect(readEvents(path)).toEqual([]);
    const writer = new EventLogWriter(path);
    for (const id of [1, 2, 3]) writer.append(makeEvent('s', 'Job Submitted', 'submitted', detail(id)));
    writer.close();
    expect(readEvents(path).map((e) => e.detail.jobId)).toEqual([1, 2, 3]);
  });

  it('skips the fragment a crashed writer left, and the next writer starts a fresh line so nothing after it is lost', () => {
    const path = log();
    appendEvent(path, makeEvent('s', 'Job Submitted', 'submitted', detail(1)));
    appendFileSync(path, '{"version":"0","id":"s:1:task-0-sta');
    expect(readEvents(path)).toHaveLength(1);
    appendEvent(path, makeEvent('s', 'Job Ended', 'ended', detail(1, 'COMPLETED')));
    const events = readEvents(path);
    expect(events.map((e) => e['detail-type'])).toEqual(['Job Submitted', 'Job Ended']);
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(4);
  });

  it('ignores blank lines and lines that are not JSON', () => {
    const path = log();
    writeFileSync(path, `\n${JSON.stringify(makeEvent('s', 'Job Submitted', 'submitted', detail(2)))}\nnot json\n`);
    expect(readEvents(path).map((e) => e.detail.jobId)).toEqual([2]);
  });
});
