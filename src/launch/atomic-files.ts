import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** One file to write: its final path and its content, produced piece by piece. */
export interface PlannedFile {
  path: string;
  chunks: Iterable<string> | AsyncIterable<string>;
  /** Unix permissions; 0o644 unless given. */
  mode?: number;
}

/** Pieces are gathered up to this size before each write: few system calls, bounded memory. */
const WRITE_SIZE = 1 << 20;

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function writeChunks(handle: FileHandle, chunks: Iterable<string> | AsyncIterable<string>): Promise<number> {
  let pending = '';
  let bytes = 0;
  const flush = async () => {
    const buffer = Buffer.from(pending, 'utf8');
    bytes += buffer.length;
    pending = '';
    for (let offset = 0; offset < buffer.length; ) offset += (await handle.write(buffer, offset)).bytesWritten;
  };
  for await (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= WRITE_SIZE) await flush();
  }
  if (pending) await flush();
  return bytes;
}

/**
 * Writes every file to a temporary file beside it, fsyncs it, and only when all are complete renames
 * them into place. On any error every temporary file is removed and the targets are left as they were.
 * Returns the size of each file in bytes, in order.
 */
export async function writeFilesAtomically(files: readonly PlannedFile[]): Promise<number[]> {
  const temps: string[] = [];
  try {
    const sizes: number[] = [];
    for (const file of files) {
      const temp = tempPathFor(file.path);
      const handle = await open(temp, 'wx', file.mode ?? 0o644);
      temps.push(temp);
      try {
        sizes.push(await writeChunks(handle, file.chunks));
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const [i, file] of files.entries()) await rename(temps[i] as string, file.path);
    return sizes;
  } catch (error) {
    await Promise.all(temps.map((temp) => unlink(temp).catch(() => undefined)));
    throw error;
  }
}
