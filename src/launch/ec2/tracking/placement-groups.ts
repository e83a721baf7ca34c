import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../../store/atomic-write.js';
import type { JobStore } from '../../../store/store.js';
import { deletePlacementGroup } from '../placement-group.js';

/**
 * The placement groups this store's multi-node jobs made, kept until they are deleted: a group can go
 * only once its instances are gone, which is after the job has ended, so each refresh tries again for
 * the groups of ended jobs.
 */
interface MadeGroup {
  name: string;
  jobId: number;
  region: string;
  profile?: string;
}

const listPath = (store: JobStore) => join(store.root, 'placement-groups.json');

function madeGroups(store: JobStore): MadeGroup[] {
  const path = listPath(store);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as MadeGroup[]) : [];
}

export function rememberPlacementGroup(store: JobStore, group: MadeGroup): void {
  const groups = madeGroups(store);
  if (groups.some((g) => g.name === group.name)) return;
  writeFileAtomicSync(listPath(store), `${JSON.stringify([...groups, group])}\n`);
}

/** Deletes the groups of ended jobs whose instances are gone; says what it could not delete. */
export async function deleteEndedJobsGroups(store: JobStore, note: (line: string) => void): Promise<void> {
  const groups = madeGroups(store);
  const active = new Set(store.activeJobIds());
  const due = groups.filter((g) => !active.has(g.jobId));
  if (due.length === 0) return;
  const { makeEc2Client } = await import('../ec2-client.js');
  const gone = new Set<string>();
  for (const group of due) {
    const client = makeEc2Client({ region: group.region, ...(group.profile ? { profile: group.profile } : {}) });
    try {
      if (await deletePlacementGroup(client, group.name)) gone.add(group.name);
    } catch (error) {
      note(`ec2: could not delete placement group ${group.name} of job ${group.jobId}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    } finally {
      client.destroy();
    }
  }
  if (gone.size > 0) writeFileAtomicSync(listPath(store), `${JSON.stringify(madeGroups(store).filter((g) => !gone.has(g.name)))}\n`);
}
