import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeNewFileSync } from '../../store/atomic-write.js';
import type { JobEvent } from '../../store/events.js';
import { SEEN_DIR, eventIdHash, pendingFileName, sinkSpoolDirectory, spoolStamp } from './spool-layout.js';

export type SpoolOutcome = 'spooled' | 'already-spooled';

let counter = 0;
let lastMicros = 0;

/** Strictly increasing within this process, so events spooled in one millisecond keep their order. */
function nowMicros(): number {
  lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
  return lastMicros;
}

function fsyncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeSpooling(dir: string, path: string, data: string): void {
  try {
    writeNewFileSync(path, data);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(join(dir, SEEN_DIR), { recursive: true, mode: 0o700 });
    writeNewFileSync(path, data);
  }
}

/**
 * Puts an event in a sink's spool, durably, once per event id: a second call with the same id (even after
 * the first was delivered) changes nothing. Local file operations only (no network, no SDK), so the
 * slurmctld hook can call it and return at once.
 *
 * The event is written to a temporary file and flushed; hard-linking it as `seen/<hash>` is the moment it
 * is spooled (link fails if the id was seen before, which makes it exactly once); renaming it to its
 * pending name makes it visible to delivery. A spooler that dies between the two leaves the temporary
 * file, which `pendingEvents` recognises by its link and puts in place.
 */
export function spoolEvent(stateDir: string, sinkName: string, event: JobEvent): SpoolOutcome {
  const dir = sinkSpoolDirectory(stateDir, sinkName);
  const hash = eventIdHash(event.id);
  const seen = join(dir, SEEN_DIR, hash);
  // The common repeat costs no write; the link below still decides a race.
  if (existsSync(seen)) return 'already-spooled';
  const temp = join(dir, `.${hash}.${process.pid}.${++counter}.tmp`);
  writeSpooling(dir, temp, JSON.stringify(event));
  try {
    linkSync(temp, seen);
  } catch (error) {
    unlinkSync(temp);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'already-spooled';
    throw error;
  }
  renameSync(temp, join(dir, pendingFileName(spoolStamp(nowMicros()), hash)));
  // The pending name must survive the machine going down. seen/ is not flushed on its own (a journalling
  // file system commits its entry with this one anyway): were it lost, a repeat could be spooled again,
  // but no event could be lost.
  fsyncDirectory(dir);
  return 'spooled';
}
