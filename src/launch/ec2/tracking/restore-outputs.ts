import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { writeFileAtomicSync } from '../../../store/atomic-write.js';
import type { JobRecord } from '../../../store/job-record.js';
import type { JobStore } from '../../../store/store.js';
import type { ObjectStore } from '../job-objects/object-store.js';

export interface Restored {
  /** Files written into the submit directory this time. */
  files: string[];
  /** Outputs written outside the submit directory on the instance: left in S3, by key. */
  elsewhere: string[];
}

const restoredPath = (store: JobStore, jobId: number) => join(store.jobDir(jobId), 'restored.json');

/**
 * Brings the job's output files back from `outputs/` into the submit directory, where sbatch would
 * have left them, each once (as its task ends; `fetch` again with `again`). A key that would land
 * outside the submit directory is never written.
 */
export async function restoreOutputs(objects: ObjectStore, store: JobStore, record: JobRecord, again = false): Promise<Restored> {
  const prefix = (record.ec2 as NonNullable<JobRecord['ec2']>).prefix;
  const done = new Set<string>(again || !existsSync(restoredPath(store, record.id)) ? [] : (JSON.parse(readFileSync(restoredPath(store, record.id), 'utf8')) as string[]));
  const root = resolve(record.submitDir);
  const files: string[] = [];
  for (const key of await objects.list(`${prefix}outputs/`)) {
    if (done.has(key)) continue;
    const target = resolve(root, key.slice(`${prefix}outputs/`.length));
    if (!target.startsWith(`${root}${sep}`)) continue;
    const body = await objects.get(key);
    if (body === null) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomicSync(target, body, 0o644, false);
    done.add(key);
    files.push(target);
  }
  if (files.length > 0) writeFileSync(restoredPath(store, record.id), JSON.stringify([...done]), { mode: 0o600 });
  const elsewhere = await objects.list(`${prefix}outputs-elsewhere/`);
  return { files, elsewhere };
}
