import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { catalogCachePath } from '../cache-location.js';

/**
 * Writes the cache atomically: into a temporary file beside it, then renamed over it, so a reader
 * sees either the old cache or the whole new one, never half of it.
 */
async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(temporary, text, { flush: true });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function writeCatalogCache(cacheDir: string, text: string): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const path = catalogCachePath(cacheDir);
  await writeFileAtomically(path, text);
  return path;
}
