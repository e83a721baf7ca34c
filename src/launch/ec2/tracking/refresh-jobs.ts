import type { JobRecord } from '../../../store/job-record.js';
import { existingEc2Store } from '../ec2-store.js';
import { triggerDispatch } from '../../../events/dispatch/trigger.js';
import { dependencyGate } from './dependency-gate.js';
import { deleteEndedJobsGroups } from './placement-groups.js';
import { openJobClients } from './job-clients.js';
import { restoreOutputs } from './restore-outputs.js';
import { trackEc2Job } from './track-job.js';

export interface Refreshed {
  /** Why jobs that launched nothing yet wait (Dependency), by id. */
  reasons: Record<string, string>;
  /** Jobs that could not be brought up to date (AWS unreachable, credentials expired…). */
  failed: number;
}

/**
 * Brings every live EC2 job up to date (events, output files, replacements); the SDK loads only when
 * there is a live job. Problems are said through `note`; the
 * job then shows as last seen.
 */
export async function refreshEc2Jobs(stateDir: string, note: (line: string) => void, only?: ReadonlySet<number>): Promise<Refreshed> {
  const reasons: Record<string, string> = {};
  let failed = 0;
  const store = existingEc2Store(stateDir);
  if (!store) return { reasons, failed };
  await deleteEndedJobsGroups(store, note).catch((error: unknown) => note(`ec2: placement groups: ${error instanceof Error ? error.message : String(error)}`));
  const live = store
    .activeJobIds()
    .filter((id) => only === undefined || only.has(id))
    .map((id) => store.readRecord(id))
    .filter((r): r is JobRecord & { ec2: NonNullable<JobRecord['ec2']> } => r?.ec2 !== undefined);
  if (live.length === 0) return { reasons, failed };
  for (const record of live) {
    const clients = await openJobClients(record.ec2);
    try {
      const tracked = await trackEc2Job(store, record, { ...clients, gate: (r) => dependencyGate(stateDir, r) });
      for (const line of tracked.notes) note(line);
      if (tracked.reason) reasons[record.id] = tracked.reason;
      await restoreOutputs(clients.objects, store, record);
    } catch (error) {
      failed++;
      note(`ec2: job ${record.id}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; shown as last seen`);
    } finally {
      clients.close();
    }
  }
  triggerDispatch(stateDir);
  return { reasons, failed };
}
