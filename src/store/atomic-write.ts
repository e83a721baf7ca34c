import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Writes a whole file or nothing: a temporary file beside it, flushed to disk, then renamed over the
 * target. A reader (or a crash at any point) sees the old content or the new, never part of either.
 * Durable writes are flushed to disk before the rename, so they also survive the machine going down.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode = 0o600, durable = true): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    // Not durable: a snapshot that is rebuilt anyway may be lost with the machine, never torn.
    if (durable) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
}
