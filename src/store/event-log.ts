import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { EVENT_FORMAT_VERSION, EVENT_SOURCE, type DetailType, type EventDetail, type JobEvent } from './events.js';
import type { JobRecord } from './job-record.js';

/**
 * The append-only event log of one job (`jobs/<id>/events.jsonl`): one JSON event per line, in the
 * order things happened. Each event is written with a single write(2) on a file opened O_APPEND, so
 * lines from different writers never interleave; a crash can at worst leave a last line without its
 * newline, which readers skip. The format is documented in docs/event-log.md.
 */

export function makeEvent(storeId: string, detailType: DetailType, key: string, detail: EventDetail, time = new Date()): JobEvent {
  return {
    version: '0',
    id: `${storeId}:${detail.jobId}:${key}`,
    'detail-type': detailType,
    source: `${EVENT_SOURCE}.${detail.backend}`,
    account: '',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: '',
    resources: [],
    detail,
  };
}

/** The detail of an event about this job: the job's own fields, then what the event says. */
export function jobDetail(record: JobRecord, fields: Partial<EventDetail> & Pick<EventDetail, 'state'>): EventDetail {
  return {
    jobId: record.id,
    arrayTaskId: null,
    taskJobId: record.id,
    name: record.job.name,
    user: record.user,
    partition: record.partition,
    backend: record.backend,
    exitCode: null,
    reason: null,
    submitTime: record.submitTime,
    startTime: null,
    endTime: null,
    elapsedSeconds: null,
    maxRssKiB: null,
    nodeList: null,
    restartCount: 0,
    version: EVENT_FORMAT_VERSION,
    ...fields,
  };
}

/** An open event log. Keep one per job while it is live: opening per event costs more than the write. */
export class EventLogWriter {
  private fd: number | null;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+', 0o600);
    this.endTornLine(this.fd);
  }

  /** A writer that died mid-line left a fragment: end it, so the next event starts a line of its own. */
  private endTornLine(fd: number): void {
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeSync(fd, '\n');
  }

  append(event: JobEvent): void {
    if (this.fd === null) throw new Error(`event log ${this.path} is closed`);
    const line = Buffer.from(`${JSON.stringify(event)}\n`, 'utf8');
    const written = writeSync(this.fd, line);
    // A regular file takes the whole buffer in one call; anything less is a full disk or an I/O error.
    if (written !== line.length) throw new Error(`short write to ${this.path}: ${written} of ${line.length} bytes`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export function appendEvent(path: string, event: JobEvent): void {
  const writer = new EventLogWriter(path);
  try {
    writer.append(event);
  } finally {
    writer.close();
  }
}

/** Every complete event of a log, oldest first; a missing log has none. A torn line is skipped. */
export function readEvents(path: string): JobEvent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const events: JobEvent[] = [];
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) {
    if (end === start) continue;
    try {
      events.push(JSON.parse(text.slice(start, end)) as JobEvent);
    } catch {
      // A fragment a crashed writer left (the next writer ended it with a newline): not an event.
    }
  }
  return events;
}
