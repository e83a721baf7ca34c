import { jobDetail, makeEvent } from '../../src/store/event-log.js';
import type { EventDetail, JobEvent } from '../../src/store/events.js';
import type { JobRecord } from '../../src/store/job-record.js';

const record = (id: number) => ({ id, job: { name: 'sweep' }, user: 'alice', partition: 'local', backend: 'local', submitTime: '2026-12-02T05:10:02Z' }) as unknown as JobRecord;

/** A `Job Ended` event of job `jobId`, as the local backend writes it; `detail` adds or replaces fields. */
export function jobEndedEvent(jobId: number, detail: Partial<EventDetail> = {}): JobEvent {
  return makeEvent('3f9c2a1b7e01', 'Job Ended', 'ended', jobDetail(record(jobId), { state: 'COMPLETED', exitCode: '0:0', ...detail }), new Date('2026-12-02T05:10:11Z'));
}

/** `count` events of consecutive jobs from 1. */
export const jobEndedEvents = (count: number): JobEvent[] => Array.from({ length: count }, (_, i) => jobEndedEvent(i + 1));
