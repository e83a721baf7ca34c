/**
 * Where a sink's undelivered events wait, one file each:
 *
 *   $STATE/events/spool/<sink>/<time>-<hash>.json   pending, oldest first by name
 *   $STATE/events/spool/<sink>/failed/…              refused for good by the sink (kept, never retried)
 *   $STATE/events/spool/<sink>/seen/<hash>           every event id ever spooled for the sink: once each
 *   $STATE/events/spool/<sink>/status.json           the last delivery round
 *
 * `<hash>` is of the event id, so any id makes a safe file name.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Also a directory name: no `.` or `..`, no slashes. */
export const SINK_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

export const SEEN_DIR = 'seen';
export const FAILED_DIR = 'failed';
export const STATUS_FILE = 'status.json';
export const DELIVERY_LOCK = 'deliver.lock';

export function sinkSpoolDirectory(stateDir: string, sinkName: string): string {
  if (!SINK_NAME_PATTERN.test(sinkName)) throw new Error(`"${sinkName}" cannot name a sink: use letters, digits, dots, dashes and underscores, not starting with a dot`);
  return join(stateDir, 'events', 'spool', sinkName);
}

export const eventIdHash = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 32);

/** `20261202T051011.123456Z-<hash>.json`. */
const PENDING_FILE = /^(\d{8}T\d{6}\.\d{6}Z)-([0-9a-f]{32})\.json$/;

/** `.<hash>.<pid>.<n>.tmp`: an event being spooled, or one whose spooler died before renaming it. */
export const SPOOLING_FILE = /^\.([0-9a-f]{32})\.\d+\.\d+\.tmp$/;

/** A UTC time to the microsecond that sorts as time does: `20261202T051011.123456Z`. */
export function spoolStamp(microseconds: number): string {
  const millis = Math.floor(microseconds / 1000);
  const iso = new Date(millis).toISOString(); // 2026-12-02T05:10:11.123Z
  return `${iso.slice(0, 19).replace(/[-:]/g, '')}.${iso.slice(20, 23)}${String(microseconds % 1000).padStart(3, '0')}Z`;
}

/** When a pending file was spooled, in milliseconds since the epoch. */
function stampMillis(stamp: string): number {
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(16, 19)}Z`;
  return Date.parse(iso);
}

export const pendingFileName = (stamp: string, hash: string): string => `${stamp}-${hash}.json`;

/** A pending file's spool time (milliseconds since the epoch) and id hash; undefined for any other name. */
export function parsePendingFile(name: string): { spooledAt: number; hash: string } | undefined {
  const match = PENDING_FILE.exec(name);
  return match ? { spooledAt: stampMillis(match[1] as string), hash: match[2] as string } : undefined;
}
