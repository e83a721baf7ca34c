import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write.js';
import { readEvents } from './event-log.js';
import type { JobEvent } from './events.js';
import type { JobRecord } from './job-record.js';
import { reserveJobIds } from './job-ids.js';

/**
 * The state directory's layout, and reading and creating jobs in it:
 *
 *   store-id                 random id of this store, the first part of every event id
 *   next-job-id(.lock)       the id counter
 *   jobs/<id>/record.json    the job as submitted (JobRecord), written once
 *   jobs/<id>/script         the job script, byte for byte
 *   jobs/<id>/environment.json   the submission environment (0600; never printed or sent anywhere)
 *   jobs/<id>/events.jsonl   the job's event log (event-log.ts)
 *   active/<id>              present while the job has not ended: what a supervisor must look after
 *   requests/                commands to the supervisor (cancel, hold, …), one file each
 *   supervisor.lock, supervisor.log
 */
export class JobStore {
  readonly storeId: string;

  constructor(readonly root: string) {
    mkdirSync(join(root, 'jobs'), { recursive: true, mode: 0o700 });
    mkdirSync(join(root, 'active'), { recursive: true, mode: 0o700 });
    mkdirSync(join(root, 'requests'), { recursive: true, mode: 0o700 });
    this.storeId = this.readOrCreateStoreId();
  }

  private readOrCreateStoreId(): string {
    const path = join(this.root, 'store-id');
    try {
      return readFileSync(path, 'utf8').trim();
    } catch {
      const id = randomBytes(6).toString('hex');
      try {
        writeFileSync(path, `${id}\n`, { flag: 'wx', mode: 0o644 });
        return id;
      } catch {
        // Another process created it first.
        return readFileSync(path, 'utf8').trim();
      }
    }
  }

  jobDir(id: number): string {
    return join(this.root, 'jobs', String(id));
  }

  eventLogPath(id: number): string {
    return join(this.jobDir(id), 'events.jsonl');
  }

  /** The task positions fed to a feed-only job, one per line, as the supervisor took them. */
  fedPath(id: number): string {
    return join(this.jobDir(id), 'fed');
  }

  scriptPath(id: number): string {
    return join(this.jobDir(id), 'script');
  }

  get requestDir(): string {
    return join(this.root, 'requests');
  }

  get supervisorLock(): string {
    return join(this.root, 'supervisor.lock');
  }

  reserveIds(count: number): number {
    return reserveJobIds(this.root, count);
  }

  /**
   * Writes a new job: script, environment and record, then its first event, then marks it active.
   * The record is what makes a job exist; it is written last of the files, atomically.
   */
  createJob(record: JobRecord, script: Uint8Array, environment: Record<string, string>, submitted: JobEvent): void {
    const dir = this.jobDir(record.id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomicSync(this.scriptPath(record.id), script, 0o700);
    writeFileAtomicSync(join(dir, 'environment.json'), JSON.stringify(environment), 0o600);
    writeFileSync(this.eventLogPath(record.id), `${JSON.stringify(submitted)}\n`, { mode: 0o600 });
    writeFileAtomicSync(join(dir, 'record.json'), `${JSON.stringify(record)}\n`, 0o600);
    writeFileSync(join(this.root, 'active', String(record.id)), '');
  }

  readRecord(id: number): JobRecord | null {
    try {
      return JSON.parse(readFileSync(join(this.jobDir(id), 'record.json'), 'utf8')) as JobRecord;
    } catch {
      return null;
    }
  }

  readEnvironment(id: number): Record<string, string> {
    return JSON.parse(readFileSync(join(this.jobDir(id), 'environment.json'), 'utf8')) as Record<string, string>;
  }

  readEvents(id: number): JobEvent[] {
    return readEvents(this.eventLogPath(id));
  }

  /** Every job with a record, oldest first. A directory without one is a submit that never finished. */
  jobIds(): number[] {
    return readdirSync(join(this.root, 'jobs'))
      .filter((name) => /^\d+$/.test(name) && existsSync(join(this.root, 'jobs', name, 'record.json')))
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** The job an id belongs to: its own, or the array whose tasks' reserved ids include it. */
  ownerOf(id: number): JobRecord | null {
    const own = this.readRecord(id);
    if (own) return own;
    for (const candidate of this.jobIds().reverse()) {
      if (candidate >= id) continue;
      const record = this.readRecord(candidate);
      return record !== null && id < record.id + record.idCount ? record : null;
    }
    return null;
  }

  /** Jobs that have not ended. */
  activeJobIds(): number[] {
    return readdirSync(join(this.root, 'active'))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  }

  isActive(id: number): boolean {
    return existsSync(join(this.root, 'active', String(id)));
  }

  markEnded(id: number): void {
    rmSync(join(this.root, 'active', String(id)), { force: true });
  }
}
