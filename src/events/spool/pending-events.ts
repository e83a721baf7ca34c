import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { JobEvent } from '../../store/events.js';
import { FAILED_DIR, SEEN_DIR, SPOOLING_FILE, parsePendingFile, pendingFileName, sinkSpoolDirectory, spoolStamp } from './spool-layout.js';

export interface PendingEvent {
  /** The file's name in the sink's spool directory. */
  file: string;
  /** Milliseconds since the epoch. */
  spooledAt: number;
  event: JobEvent;
}

/** A spool takes milliseconds: a temporary file this old belongs to a spooler that died. */
const ABANDONED_AFTER_MS = 60_000;

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * A spooler died after linking its event into seen/ (so it was spooled) and before renaming it into place:
 * the rename is done here. Without that link the event was never spooled (the spooler did not return), and
 * the file goes.
 */
function recoverInterrupted(dir: string, file: string, hash: string, now: number): void {
  const path = join(dir, file);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat || now - stat.mtimeMs < ABANDONED_AFTER_MS) return;
  const seen = statSync(join(dir, SEEN_DIR, hash), { throwIfNoEntry: false });
  if (seen && seen.ino === stat.ino && seen.dev === stat.dev) renameSync(path, join(dir, pendingFileName(spoolStamp(Math.floor(stat.mtimeMs * 1000)), hash)));
  else unlinkSync(path);
}

function moveToFailed(dir: string, file: string): void {
  mkdirSync(join(dir, FAILED_DIR), { recursive: true, mode: 0o700 });
  renameSync(join(dir, file), join(dir, FAILED_DIR, file));
}

interface PendingFile {
  file: string;
  spooledAt: number;
  hash: string;
}

/** The pending event files in a directory (the spool, or its failed/), oldest first. */
function listPending(dir: string): PendingFile[] {
  return entries(dir)
    .sort()
    .flatMap((file) => {
      const parsed = parsePendingFile(file);
      return parsed ? [{ file, ...parsed }] : [];
    });
}

/** A sink's pending event files, once any interrupted spool is put in place. */
function pendingFiles(dir: string, now: number): PendingFile[] {
  for (const name of entries(dir)) {
    const spooling = SPOOLING_FILE.exec(name);
    if (spooling) recoverInterrupted(dir, name, spooling[1] as string, now);
  }
  return listPending(dir);
}

/**
 * A sink's undelivered events, oldest first (at most `limit`). A file that does not hold an event (it was
 * not written by spoolEvent) can never be delivered: it goes to failed/.
 */
export function pendingEvents(stateDir: string, sinkName: string, limit = Number.POSITIVE_INFINITY, now = Date.now()): PendingEvent[] {
  const dir = sinkSpoolDirectory(stateDir, sinkName);
  const pending: PendingEvent[] = [];
  for (const { file, spooledAt } of pendingFiles(dir, now)) {
    if (pending.length >= limit) break;
    let event: JobEvent;
    try {
      event = JSON.parse(readFileSync(join(dir, file), 'utf8')) as JobEvent;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // delivered meanwhile by another round
      moveToFailed(dir, file);
      continue;
    }
    if (typeof event?.id !== 'string') moveToFailed(dir, file);
    else pending.push({ file, spooledAt, event });
  }
  return pending;
}

export interface SpoolCounts {
  pending: number;
  /** When the oldest pending event was spooled (milliseconds since the epoch). */
  oldestSpooledAt?: number;
  /** Events the sink refused for good, kept in failed/. */
  failed: number;
}

/** From file names alone: no event is read. */
export function spoolCounts(stateDir: string, sinkName: string): SpoolCounts {
  const dir = sinkSpoolDirectory(stateDir, sinkName);
  const pending = listPending(dir);
  const oldest = pending[0];
  return { pending: pending.length, ...(oldest ? { oldestSpooledAt: oldest.spooledAt } : {}), failed: listPending(join(dir, FAILED_DIR)).length };
}

/** The sink has the event: it leaves the spool. Its id stays in seen/, emptied, so it is never spooled again. */
export function markDelivered(stateDir: string, sinkName: string, pending: PendingEvent): void {
  const dir = sinkSpoolDirectory(stateDir, sinkName);
  unlinkSync(join(dir, pending.file));
  const hash = parsePendingFile(pending.file)?.hash;
  try {
    if (hash) truncateSync(join(dir, SEEN_DIR, hash));
  } catch (error) {
    // Only frees space: an id someone removed by hand is no reason to fail a delivery.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The sink refused the event for good (a 4xx, too large for EventBridge): kept in failed/, not retried. */
export function markUndeliverable(stateDir: string, sinkName: string, pending: PendingEvent): void {
  moveToFailed(sinkSpoolDirectory(stateDir, sinkName), pending.file);
}

/**
 * Forgets the ids of events delivered (seen/ entries emptied) before `before`, so seen/ does not grow for
 * ever; an event repeated after that long would be spooled again.
 */
export function forgetDeliveredIds(stateDir: string, sinkName: string, before: number): number {
  const dir = join(sinkSpoolDirectory(stateDir, sinkName), SEEN_DIR);
  let forgotten = 0;
  for (const name of entries(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && stat.size === 0 && stat.mtimeMs < before) {
      unlinkSync(path);
      forgotten++;
    }
  }
  return forgotten;
}
