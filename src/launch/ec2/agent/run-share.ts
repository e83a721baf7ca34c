import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { indexAtPosition } from '../../../model/array-positions.js';
import type { JobSpec } from '../../../model/schema.js';
import type { JobEvent } from '../../../store/events.js';
import { LocalBackend } from '../../local/local-backend.js';
import { sendRequest } from '../../local/requests.js';
import type { ObjectStore } from '../job-objects/object-store.js';
import { giveSlot, takeSlot, TaskClaimer } from '../job-objects/task-claims.js';
import type { EfsMount } from '../efs-mount.js';
import { isUnder } from '../efs-mount.js';
import { uploadDeclaredOutputs } from './declared-outputs.js';

/** What the client put in the job's prefix for its instances (`job.json`). */
export interface AgentJob {
  jobId: number;
  job: JobSpec;
  /** The script, base64. */
  script: string;
  environment: Record<string, string>;
  /** The submit directory's path, recreated on the instance so relative paths resolve as on the cluster. */
  submitDir: string;
  /** Tasks an instance runs at once. */
  slots: number;
  /** The same by instance type, when a capacity fallback may launch other types; `slots` for a type not in it. */
  slotsByType?: Record<string, number>;
  /** Directories under the submit directory that tasks write their output into (they exist on the client; Slurm needs them). */
  directories?: string[];
  /** Globs (under the submit directory) of files the job writes besides its output and error files: they go back to the client. */
  outputs?: string[];
  /** A multi-node job's node count: its instances meet before the first runs the script. */
  nodes?: number;
  /** storage.efs: mounted at the same path as on the cluster before anything else. */
  efs?: EfsMount;
}

export interface ShareOptions {
  store: ObjectStore;
  prefix: string;
  instanceId: string;
  /** The instance's local store. */
  stateDir: string;
  agentJob: AgentJob;
  pollMs?: number;
  /** True once the instance must stop (a spot interruption notice). */
  interrupted?: () => Promise<boolean>;
  /** A multi-node job's nodes, this instance first. */
  allocation?: { nodeNames: string[] };
  /** Where storage.efs is mounted here: files under it are already where the client sees them, so they are not sent. */
  sharedRoot?: string;
}

export interface ShareOutcome {
  /** Array indices (0 for a single task) that ran to their end here. */
  ran: number[];
  /** Given back unfinished (interruption). */
  released: number[];
}

const taskEnds = (events: readonly JobEvent[]) => events.filter((e) => e['detail-type'] === 'Task Ended');

/**
 * One instance's share of an EC2 job: the job goes into the instance's own store as a feed-only job
 * under the client's id, so the local supervisor runs each task exactly as the local backend does; the
 * agent claims tasks up to its slots, feeds them, and as each ends records its result and uploads its
 * output files and events. With nothing left to claim it cancels the tasks it was never fed, and the
 * local job ends. On an interruption it gives back what is still running.
 */
export async function runShare(options: ShareOptions): Promise<ShareOutcome> {
  const { store, prefix, instanceId, agentJob } = options;
  const pollMs = options.pollMs ?? 500;
  writeFileSync(`${options.stateDir}/next-job-id`, `${agentJob.jobId}\n`);
  const backend = new LocalBackend(options.stateDir);
  const { jobId } = backend.submit({
    job: agentJob.job,
    script: Buffer.from(agentJob.script, 'base64'),
    submitDir: agentJob.submitDir,
    environment: agentJob.environment,
    feedOnly: true,
    ...(options.allocation ? { allocation: options.allocation } : {}),
  });
  const claimer = new TaskClaimer(store, prefix, agentJob.job.array, instanceId);
  // %N holds across all instances: each running task holds one of the array's N slots.
  const throttle = agentJob.job.array?.maxRunning ?? null;
  const slots = new Map<number, number>();
  const free: number[] = [];
  const running = new Set<number>();
  const ran: number[] = [];
  const seen = new Set<string>();
  const sentOutputs = new Map<string, number>();
  let exhausted = false;

  while (!exhausted || running.size > 0) {
    if (await options.interrupted?.()) {
      for (const index of running) await claimer.release(index);
      for (const slot of [...slots.values(), ...free]) await giveSlot(store, prefix, instanceId, slot);
      sendRequest(backend.store.requestDir, { op: 'cancel', jobId, arrayTaskIds: null, signal: null, batchOnly: false });
      return { ran, released: [...running] };
    }
    while (!exhausted && running.size < agentJob.slots) {
      const slot = throttle === null ? -1 : (free.pop() ?? (await takeSlot(store, prefix, instanceId, throttle)));
      if (slot === null) break;
      const index = await claimer.next();
      if (index === null) {
        exhausted = true;
        if (slot >= 0) free.push(slot);
        break;
      }
      if (slot >= 0) slots.set(index, slot);
      running.add(index);
      sendRequest(backend.store.requestDir, { op: 'feed', jobId, arrayTaskIds: [index] });
    }
    // Slots this instance has no task for go back, so other instances can use them.
    if (exhausted) while (free.length > 0) await giveSlot(store, prefix, instanceId, free.pop() as number);
    const events = backend.store.readEvents(jobId);
    // Where each task's output went: its start event says.
    const started = new Map(events.filter((e) => e['detail-type'] === 'Task Started').map((e) => [e.detail.arrayTaskId ?? 0, e]));
    for (const event of taskEnds(events)) {
      const index = event.detail.arrayTaskId ?? 0;
      if (seen.has(event.id) || !running.has(index)) continue;
      seen.add(event.id);
      await uploadTask(store, prefix, agentJob.submitDir, event, started.get(index), options.sharedRoot);
      if (!options.sharedRoot || !isUnder(agentJob.submitDir, options.sharedRoot)) await uploadDeclaredOutputs(store, prefix, agentJob.submitDir, agentJob.outputs ?? [], sentOutputs);
      await claimer.finish({ index, exitCode: event.detail.exitCode ?? '0:0', state: event.detail.state, endTime: event.detail.endTime ?? new Date().toISOString() });
      running.delete(index);
      ran.push(index);
      const slot = slots.get(index);
      if (slot !== undefined) {
        slots.delete(index);
        free.push(slot);
      }
    }
    if (!exhausted || running.size > 0) await sleep(pollMs);
  }
  for (const slot of free) await giveSlot(store, prefix, instanceId, slot);
  const unfed = neverFed(agentJob.job, new Set(ran));
  if (unfed.length > 0) sendRequest(backend.store.requestDir, { op: 'cancel', jobId, arrayTaskIds: unfed, signal: null, batchOnly: false });
  return { ran, released: [] };
}

function neverFed(job: JobSpec, ran: ReadonlySet<number>): number[] {
  if (!job.array) return [];
  const indices: number[] = [];
  for (let p = 0; p < job.array.count; p++) {
    const index = indexAtPosition(job.array, p);
    if (!ran.has(index)) indices.push(index);
  }
  return indices;
}

/** The task's output and error files (keyed by their path under the submit directory, where the client restores them) and its end event. */
async function uploadTask(store: ObjectStore, prefix: string, submitDir: string, event: JobEvent, started: JobEvent | undefined, sharedRoot: string | undefined): Promise<void> {
  const index = event.detail.arrayTaskId ?? 0;
  for (const file of new Set([started?.detail.stdout, started?.detail.stderr])) {
    if (!file || (sharedRoot && isUnder(file, sharedRoot))) continue;
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      continue;
    }
    const inside = relative(submitDir, file);
    const key = inside.startsWith('..') ? `outputs-elsewhere${file}` : `outputs/${inside}`;
    await store.put(`${prefix}${key}`, body);
  }
  await store.put(`${prefix}events/${index}.json`, JSON.stringify(event), 'application/json');
}
