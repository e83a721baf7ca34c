import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SpawnSlurmError } from '../../../core/errors.js';
import { jobDetail, makeEvent, appendEvent } from '../../../store/event-log.js';
import type { JobRecord } from '../../../store/job-record.js';
import type { JobStore } from '../../../store/store.js';
import { emptyCooldown, type CapacityCooldown } from '../capacity-cooldown.js';
import { launchFile } from '../ec2-store.js';
import { TTL_DEADLINE_TAG } from '../job-tags.js';
import { Ec2LaunchError, launchInstances, type LaunchRequest } from '../launch-instances.js';
import { ensurePlacementGroup } from '../placement-group.js';
import { awsFailure, hintFor } from '../retry.js';
import { rememberPlacementGroup } from './placement-groups.js';

/** What submit wrote before launching: the request every batch of the job is made from. */
export interface StoredLaunch {
  request: Omit<LaunchRequest, 'batchKey' | 'count'>;
  tasksPerInstanceByType: Record<string, number>;
  /** Each instance's time-to-live, from its own launch: a batch launched later gets a later deadline tag. */
  ttlMinutes: number;
}

export interface Batch {
  /** `tasks` for submit's own batch (a resumed one finds what it launched), `replace-N` after losses. */
  batchKey: string;
  count: number;
  onProgress?(launched: number, wanted: number): void;
}

export interface Launched {
  instances: number;
  /** Why fewer than asked were launched. */
  shortfall?: string;
}

function readJson<T>(path: string, fallback: T): T {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;
}

export function storedLaunch(store: JobStore, jobId: number): StoredLaunch | null {
  return readJson<StoredLaunch | null>(launchFile(store, jobId, 'launch.json'), null);
}

/** The batches launched so far, by key: what tracking compares with the instances EC2 lists. */
export function launchedBatches(store: JobStore, jobId: number): Record<string, string[]> {
  return readJson<Record<string, string[]>>(launchFile(store, jobId, 'launched.json'), {});
}

/** A job none of whose instances could be launched (or whose objects could not be put in S3) ends FAILED. */
export function endUnlaunched(store: JobStore, record: JobRecord): void {
  const ended = jobDetail(record, { state: 'FAILED', exitCode: '0:0', reason: 'LaunchFailed', endTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
  appendEvent(store.eventLogPath(record.id), makeEvent(store.storeId, 'Job Ended', 'ended', ended));
  store.markEnded(record.id);
}

/**
 * Launches one batch of the job's instances from its stored request, keeping the capacity memory
 * between batches. A batch nothing could be launched for ends the job FAILED (LaunchFailed) when it was
 * the job's first, and the error says why.
 */
export async function launchJobInstances(store: JobStore, record: JobRecord, batch: Batch): Promise<Launched> {
  const stored = storedLaunch(store, record.id);
  const ref = record.ec2;
  if (!stored || !ref) throw new SpawnSlurmError('ec2-launch-missing', `job ${record.id} has no stored launch request`);
  const { makeEc2Client } = await import('../ec2-client.js');
  const client = makeEc2Client({ region: ref.region, ...(ref.profile ? { profile: ref.profile } : {}) });
  const cooldownPath = launchFile(store, record.id, 'cooldown.json');
  const cooldown = readJson<CapacityCooldown>(cooldownPath, emptyCooldown());
  try {
    const group = stored.request.placementGroup;
    if (group) {
      rememberPlacementGroup(store, { name: group, jobId: record.id, region: ref.region, ...(ref.profile ? { profile: ref.profile } : {}) });
      await ensurePlacementGroup(client, group, stored.request.tags).catch((error: unknown) => {
        const { code, message } = awsFailure(error);
        throw new Ec2LaunchError(`CreatePlacementGroup ${group} failed: ${code}: ${message}`, code, [], [], hintFor(code));
      });
    }
    const result = await launchInstances(
      { ...stored.request, batchKey: batch.batchKey, count: batch.count },
      { client, cooldown, ...(batch.onProgress ? { onProgress: batch.onProgress } : {}) },
    );
    const batches = launchedBatches(store, record.id);
    batches[batch.batchKey] = result.instances.map((i) => i.instanceId);
    writeFileSync(launchFile(store, record.id, 'launched.json'), `${JSON.stringify(batches)}\n`, { mode: 0o600 });
    return { instances: result.instances.length, ...(result.shortfall ? { shortfall: (result.reasons ?? []).join('; ') } : {}) };
  } catch (error) {
    if (!(error instanceof Ec2LaunchError)) throw error;
    if (batch.batchKey === 'tasks') endUnlaunched(store, record);
    throw new SpawnSlurmError('ec2-launch-failed', error.message);
  } finally {
    writeFileSync(cooldownPath, `${JSON.stringify(cooldown)}\n`, { mode: 0o600 });
    client.destroy();
  }
}
