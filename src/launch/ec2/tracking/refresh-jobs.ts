import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JobRecord } from '../../../store/job-record.js';
import type { JobStore } from '../../../store/store.js';
import { openEc2Store } from '../ec2-store.js';
import { openJobClients } from './job-clients.js';
import { restoreOutputs } from './restore-outputs.js';
import { trackEc2Job } from './track-job.js';

/** The EC2 store, if a job was ever submitted to EC2 from this state directory (opening it creates it). */
export function existingEc2Store(stateDir: string): JobStore | null {
  return existsSync(join(stateDir, 'ec2', 'jobs')) ? openEc2Store(stateDir) : null;
}

/**
 * Brings every live EC2 job up to date (events, output files, replacements); the SDK loads only when
 * there is a live job. Problems are said through `note`; the
 * job then shows as last seen.
 */
export async function refreshEc2Jobs(stateDir: string, note: (line: string) => void, only?: ReadonlySet<number>): Promise<void> {
  const store = existingEc2Store(stateDir);
  if (!store) return;
  const live = store
    .activeJobIds()
    .filter((id) => only === undefined || only.has(id))
    .map((id) => store.readRecord(id))
    .filter((r): r is JobRecord & { ec2: NonNullable<JobRecord['ec2']> } => r?.ec2 !== undefined);
  if (live.length === 0) return;
  for (const record of live) {
    const clients = await openJobClients(record.ec2);
    try {
      const tracked = await trackEc2Job(store, record, clients);
      for (const line of tracked.notes) note(line);
      await restoreOutputs(clients.objects, store, record);
    } catch (error) {
      note(`ec2: job ${record.id}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; shown as last seen`);
    } finally {
      clients.close();
    }
  }
}
