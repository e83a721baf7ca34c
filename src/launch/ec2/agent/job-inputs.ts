import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ObjectStore } from '../job-objects/object-store.js';

/** The local path of a path under the submit directory (an input key's rest, an output directory); never outside it. */
export function resolveInside(submitDir: string, rest: string): string {
  if (rest.split('/').includes('..')) throw new Error(`refusing ${JSON.stringify(rest)}: it would land outside the submit directory`);
  return join(submitDir, rest);
}

/**
 * Recreates the job's inputs in the submit directory: every object under `inputs/` goes to the same
 * path under it, and directory markers (keys ending in `/`) become empty directories, such as the
 * output directory Slurm needs to exist. Returns how many objects it fetched.
 */
export async function downloadInputs(store: ObjectStore, prefix: string, submitDir: string): Promise<number> {
  const under = `${prefix}inputs/`;
  const keys = await store.list(under);
  for (const key of keys) {
    const rest = key.slice(under.length);
    if (rest === '') continue;
    const path = resolveInside(submitDir, rest);
    if (rest.endsWith('/')) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    const body = await store.get(key);
    if (body === null) throw new Error(`the input ${key} went away while it was being fetched`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  }
  return keys.length;
}
