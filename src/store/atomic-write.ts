import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Creates a file that must not exist yet and writes all of `data` to it, flushed to disk when durable.
 * On failure the file is removed again.
 */
export function writeNewFileSync(path: string, data: string | Uint8Array, mode = 0o600, durable = true): void {
  const fd = openSync(path, 'wx', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    if (durable) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(path);
    throw error;
  }
  closeSync(fd);
}

/**
 * Writes a whole file or nothing: a temporary file beside it, flushed to disk, then renamed over the
 * target. A reader (or a crash at any point) sees the old content or the new, never part of either.
 * Durable writes are flushed to disk before the rename, so they also survive the machine going down.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode = 0o600, durable = true): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  // Not durable: a snapshot that is rebuilt anyway may be lost with the machine, never torn.
  writeNewFileSync(temp, data, mode, durable);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
}
