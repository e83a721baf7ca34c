import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ObjectStore } from '../job-objects/object-store.js';
import { filesMatching } from '../staged-inputs.js';

/**
 * The files storage.outputs names, as this instance's tasks have left them in the submit directory,
 * put under `outputs/` (the client brings them back where the job wrote them). Called as each task
 * ends, before its result is recorded, so a job whose results are all in has its outputs in too; a
 * file already sent and not changed since (`sent`: path → mtime) is not sent again.
 */
export async function uploadDeclaredOutputs(store: ObjectStore, prefix: string, submitDir: string, globs: readonly string[], sent: Map<string, number>): Promise<number> {
  let count = 0;
  for (const file of await filesMatching(submitDir, globs)) {
    const path = join(submitDir, file);
    const mtime = statSync(path).mtimeMs;
    if (sent.get(file) === mtime) continue;
    await store.put(`${prefix}outputs/${file}`, readFileSync(path));
    sent.set(file, mtime);
    count++;
  }
  return count;
}
