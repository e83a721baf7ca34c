import { createHash } from 'node:crypto';
import { createReadStream, type Dirent, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ObjectSource, ObservedObject } from './observed-object.js';

/** Every regular file below `root` (links are not followed); what vanishes or cannot be read while the scan goes is passed over. */
function listFiles(root: string): ObservedObject[] {
  const found: ObservedObject[] = [];
  const pending = [''];
  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const key = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(key);
      if (!entry.isFile()) continue;
      try {
        const stat = statSync(join(root, key), { bigint: true });
        found.push({
          key,
          size: Number(stat.size),
          modified: new Date(Number(stat.mtimeMs)),
          fingerprint: `${stat.size}:${stat.mtimeNs}`,
          sequencer: stat.mtimeNs.toString(16).toUpperCase().padStart(18, '0'),
        });
      } catch {
        // Gone since the directory was read.
      }
    }
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The hex MD5 of the file's content, S3's etag for an object put in one piece; null when it is gone. */
function md5Of(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const hash = createHash('md5');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', () => resolve(null));
  });
}

export function directorySource(root: string): ObjectSource {
  return {
    list: async () => listFiles(root),
    etag: (object) => md5Of(join(root, object.key)),
    settles: true,
    close() {},
  };
}
