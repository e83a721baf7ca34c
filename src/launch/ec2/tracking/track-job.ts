import { indexAtPosition } from '../../../model/array-positions.js';
import type { EventDetail, JobEvent, JobState } from '../../../store/events.js';
import type { JobRecord } from '../../../store/job-record.js';
import { foldJob, taskJobIdAt } from '../../../store/job-view.js';
import { lockHolder } from '../../../store/lock.js';
import type { JobStore } from '../../../store/store.js';
import { launchFile } from '../ec2-store.js';
import { endJob, withJobEvents } from '../../observed-events.js';
import { TaskFileNames } from '../../task-script/output-files.js';
import type { Ec2Api } from '../ec2-client.js';
import { describeJobInstances, terminateInstances, type FoundInstance } from '../find-instances.js';
import { nodeNameOf } from '../node-names.js';
import { compressHostlist } from '../../../parser/values/hostlist.js';
import type { ObjectStore } from '../job-objects/object-store.js';
import { cancelUnclaimedTasks, freeTasksOfLostInstances, runningTasks, taskResults, type TaskResult } from '../job-objects/task-claims.js';
import type { Gate } from './dependency-gate.js';
import { JOB_ID_TAG, STORE_ID_TAG } from '../job-tags.js';
import { endUnlaunched, launchedBatches, launchJobInstances, storedLaunch } from './launch-job.js';

export interface TrackDeps {
  objects: ObjectStore;
  ec2: Ec2Api;
  now?: () => Date;
  /** Launches a batch of replacement instances (default: launchJobInstances). */
  launch?: typeof launchJobInstances;
  /** false while the job is being cancelled: instances gone is then no loss to make up for. */
  replace?: boolean;
  /** Whether a job with a dependency may launch (default: it may). */
  gate?: (record: JobRecord) => Gate;
}

/** Instances that are gone before every task ran are replaced this many times; then the rest end NODE_FAIL. */
const MAX_REPLACEMENTS = 3;
/** EC2 may not list an instance for a while after RunInstances returned it. */
const LISTING_DELAY_MS = 5 * 60_000;
const LIVE = new Set(['pending', 'running']);

export interface Tracked {
  ended: boolean;
  /** Why nothing is launched yet (Dependency), as squeue shows it. */
  reason?: string;
  /** What the user should hear about (instances that failed to boot, replacements). */
  notes: string[];
}

/** Everything S3 and EC2 say about the job now, read before any event is written. */
interface Observed {
  results: Map<number, TaskResult>;
  /** The instance's own Task Ended event for each new result. */
  endEvents: Map<number, JobEvent | null>;
  running: Map<number, string>;
  instances: FoundInstance[];
  bootFailures: string[];
}

async function observe(store: JobStore, record: JobRecord, deps: TrackDeps, known: ReadonlySet<number>): Promise<Observed> {
  const ref = record.ec2 as NonNullable<JobRecord['ec2']>;
  const [results, running, listed, bootKeys] = await Promise.all([
    taskResults(deps.objects, ref.prefix),
    runningTasks(deps.objects, ref.prefix),
    instancesOfJob(deps.ec2, store, record),
    deps.objects.list(`${ref.prefix}boot/`),
  ]);
  const endEvents = new Map<number, JobEvent | null>();
  for (const index of results.keys()) {
    if (known.has(index)) continue;
    const body = await deps.objects.get(`${ref.prefix}events/${index}.json`);
    endEvents.set(index, body ? (JSON.parse(body.toString('utf8')) as JobEvent) : null);
  }
  const bootFailures: string[] = [];
  for (const key of bootKeys) {
    const body = await deps.objects.get(key);
    if (body) bootFailures.push(`${key.slice(key.lastIndexOf('/') + 1).replace(/\.failed$/, '')}: ${body.toString('utf8').trim()}`);
  }
  return { results, endEvents, running, instances: listed, bootFailures };
}

/** The job's instances (not yet terminated), by tag: this store's job of that id, not another machine's. */
export async function instancesOfJob(ec2: Ec2Api, store: JobStore, record: JobRecord): Promise<FoundInstance[]> {
  const listed = await describeJobInstances(ec2, { tagKey: JOB_ID_TAG, tagValue: String(record.id) });
  return listed.filter((i) => (i.tags[STORE_ID_TAG] ?? store.storeId) === store.storeId);
}

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Instances RunInstances returned lately that EC2 does not list yet still count as alive. */
function recentlyLaunched(store: JobStore, record: JobRecord, listed: readonly FoundInstance[], now: Date): string[] {
  const seen = new Set(listed.map((i) => i.instanceId));
  const submitted = Date.parse(record.submitTime);
  if (now.getTime() - submitted > LISTING_DELAY_MS) return [];
  return Object.values(launchedBatches(store, record.id))
    .flat()
    .filter((id) => !seen.has(id));
}

/**
 * Brings an EC2 job's events up to date from its S3 prefix and its instances, as the Slurm backend
 * does from the controller: claims become Task Started, results Task Ended, a task whose instance gave
 * it back (spot interruption) or is gone Task Requeued, so it runs again elsewhere. Instances all gone
 * with work left are replaced (the same stored launch request, a new batch), up to a few times.
 */
export async function trackEc2Job(store: JobStore, record: JobRecord, deps: TrackDeps): Promise<Tracked> {
  const ref = record.ec2;
  if (!ref) return { ended: true, notes: [] };
  // Its submit is still launching: the job is in its hands.
  if (lockHolder(launchFile(store, record.id, 'submit.lock')) !== null) return { ended: false, notes: [] };
  const now = deps.now?.() ?? new Date();
  const before = foldJob(record, store.readEvents(record.id));
  if (before.ended) return { ended: true, notes: [] };
  if (record.job.dependency && launchedBatches(store, record.id).tasks === undefined) {
    const gate = deps.gate?.(record) ?? { status: 'launch', neverIndices: [] };
    if (gate.status === 'wait') return { ended: false, notes: [], reason: 'Dependency' };
    if (gate.status === 'never') {
      endUnstarted(store, record, 'DependencyNeverSatisfied');
      return { ended: true, notes: [`job ${record.id}: its dependency can never be satisfied; nothing was launched`] };
    }
    await cancelUnclaimedTasks(deps.objects, ref.prefix, gate.neverIndices, now);
  }
  const endedBefore = new Set([...before.tasks.values()].filter((t) => t.state !== 'RUNNING').map((t) => t.arrayTaskId ?? 0));
  const seen = await observe(store, record, deps, endedBefore);
  const unlisted = recentlyLaunched(store, record, seen.instances, now);
  const notes: string[] = [];
  if ((ref.nodes ?? 1) > 1 && unlisted.length === 0 && seen.results.size === 0 && deps.replace !== false) {
    await endBrokenGroups(deps.ec2, seen.instances, ref.nodes as number, (line) => notes.push(`job ${record.id}: ${line}`));
  }
  const live = new Set([...seen.instances.filter((i) => LIVE.has(i.state)).map((i) => i.instanceId), ...unlisted]);
  const freed = new Set(await freeTasksOfLostInstances(deps.objects, ref.prefix, live));
  const nodeOf = new Map(seen.instances.map((i) => [i.instanceId, (ref.nodes ?? 1) > 1 ? groupNodeList(seen.instances, i) : (i.privateIp ?? i.instanceId)]));

  const files = new TaskFileNames(record);
  let ended = false;
  withJobEvents(store, record, (emit) => {
    const view = foldJob(record, store.readEvents(record.id));
    if (view.ended) {
      ended = true;
      return true;
    }
    const count = view.count;
    for (let position = 0; position < count; position++) {
      const index = record.job.array ? indexAtPosition(record.job.array, position) : 0;
      const arrayTaskId = record.job.array ? index : null;
      const task = view.tasks.get(position);
      const restartCount = task?.restartCount ?? 0;
      const taskJobId = taskJobIdAt(record, position);
      const common = { arrayTaskId, taskJobId, restartCount };
      const { stdout, stderr } = files.forTask(arrayTaskId, taskJobId);
      const result = seen.results.get(index);
      const instanceId = seen.running.get(index) ?? result?.instanceId;
      const nodeList = instanceId ? (nodeOf.get(instanceId) ?? instanceId) : null;
      if (result && (!task || task.state === 'RUNNING')) {
        const theirs = seen.endEvents.get(index)?.detail;
        if (!task && result.state !== 'CANCELLED')
          emit('Task Started', `task-${position}-started-${restartCount}`, { ...common, state: 'RUNNING', nodeList, startTime: theirs?.startTime ?? null, stdout, stderr });
        emit('Task Ended', `task-${position}-ended-${restartCount}`, endFields(result, theirs, common, nodeList, task?.startTime ?? null));
        continue;
      }
      if (result) continue;
      if (!task && seen.running.has(index) && !freed.has(index)) {
        emit('Task Started', `task-${position}-started-${restartCount}`, { ...common, state: 'RUNNING', nodeList, startTime: iso(now), stdout, stderr });
      } else if (task?.state === 'RUNNING' && (!seen.running.has(index) || freed.has(index))) {
        // Given back by its instance (a spot notice) or freed because the instance is gone: it runs again.
        emit('Task Requeued', `task-${position}-requeued-${restartCount + 1}`, { ...common, state: 'PENDING', reason: 'NodeFail', restartCount: restartCount + 1 });
      }
    }
    if (seen.results.size >= count) {
      const ends = [...seen.results.values()].map((r) => Date.parse(r.endTime)).filter(Number.isFinite);
      endJob(store, record, emit, { endTime: ends.length > 0 ? iso(new Date(Math.max(...ends))) : iso(now), unstarted: 'CANCELLED', neverStarted: null });
      ended = true;
    }
    return ended;
  });
  if (ended || live.size > 0 || deps.replace === false) return { ended, notes };
  return { ended: await replaceLost(store, record, deps, seen, notes), notes };
}

/** A multi-node job's node list, as the group its first node belongs to (one RunInstances call) holds it. */
function groupNodeList(instances: readonly FoundInstance[], member: FoundInstance): string {
  const group = instances.filter((i) => i.clientToken === member.clientToken && i.privateIp).sort((a, b) => a.launchIndex - b.launchIndex);
  return compressHostlist(group.map((i) => nodeNameOf(i.privateIp as string)));
}

/**
 * A group one of whose nodes is gone cannot finish its job (Slurm ends such a job NODE_FAIL and
 * requeues it): its other instances are terminated, so the task is freed and a whole new group runs it.
 * Changes the instances' states in place.
 */
async function endBrokenGroups(ec2: Ec2Api, instances: FoundInstance[], nodes: number, note: (line: string) => void): Promise<void> {
  const groups = new Map<string, FoundInstance[]>();
  for (const instance of instances) groups.set(instance.clientToken ?? instance.instanceId, [...(groups.get(instance.clientToken ?? instance.instanceId) ?? []), instance]);
  for (const members of groups.values()) {
    const up = members.filter((i) => LIVE.has(i.state));
    if (up.length === 0 || up.length >= nodes) continue;
    await terminateInstances(
      ec2,
      up.map((i) => i.instanceId),
    );
    for (const instance of up) instance.state = 'shutting-down';
    note(`${nodes - up.length} of its ${nodes} nodes are gone; ended the other ${up.length}, and the job runs again on a new group`);
  }
}

function endFields(
  result: TaskResult,
  theirs: EventDetail | undefined,
  common: { arrayTaskId: number | null; taskJobId: number; restartCount: number },
  nodeList: string | null,
  startedAt: string | null,
) {
  return {
    ...common,
    state: result.state as JobState,
    exitCode: result.exitCode,
    reason: theirs?.reason ?? null,
    nodeList,
    startTime: theirs?.startTime ?? startedAt,
    endTime: result.endTime,
    elapsedSeconds: theirs?.elapsedSeconds ?? null,
    maxRssKiB: theirs?.maxRssKiB ?? null,
  };
}

/**
 * No instance is left and tasks have not run: a submit that died before launching resumes its own
 * batch; lost instances are replaced; after MAX_REPLACEMENTS (or when instances cannot boot at all)
 * the unfinished tasks end NODE_FAIL.
 */
async function replaceLost(store: JobStore, record: JobRecord, deps: TrackDeps, seen: Observed, notes: string[]): Promise<boolean> {
  const ref = record.ec2 as NonNullable<JobRecord['ec2']>;
  const count = record.job.array?.count ?? 1;
  const left = count - seen.results.size;
  const batches = launchedBatches(store, record.id);
  const replacements = Object.keys(batches).filter((k) => k.startsWith('replace-')).length;
  const neverBooted = seen.bootFailures.length > 0 && seen.results.size === 0;
  const batchKey = batches.tasks === undefined ? 'tasks' : `replace-${replacements + 1}`;
  if (batchKey === 'tasks' && seen.results.size === 0 && (await deps.objects.get(`${ref.prefix}job.json`)) === null) {
    notes.push(`job ${record.id}: its submit was interrupted before the job was put in S3, and nothing was launched; submit it again`);
    endUnlaunched(store, record);
    return true;
  }
  if (!neverBooted && storedLaunch(store, record.id) && replacements < MAX_REPLACEMENTS) {
    const wanted = (ref.nodes ?? 1) > 1 ? (ref.nodes as number) : Math.min(ref.instances, Math.ceil(left / Math.max(1, ref.tasksPerInstance)));
    try {
      await (deps.launch ?? launchJobInstances)(store, record, { batchKey, count: wanted });
      notes.push(`job ${record.id}: ${batchKey === 'tasks' ? 'launched' : 'replaced lost instances with'} ${wanted} instance(s) for ${left} task(s) left`);
      return false;
    } catch (error) {
      notes.push(`job ${record.id}: could not launch instances for the ${left} task(s) left: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const failure of seen.bootFailures) notes.push(`job ${record.id}: an instance failed to boot: ${failure}`);
  failUnfinished(store, record, seen, neverBooted ? 'BootFailed' : 'NodeFail');
  return true;
}

/** A job that ends before anything was launched: every task CANCELLED, for `reason`. */
function endUnstarted(store: JobStore, record: JobRecord, reason: string): void {
  withJobEvents(store, record, (emit) => {
    endJob(store, record, emit, { endTime: iso(new Date()), unstarted: 'CANCELLED', neverStarted: null, reason });
    return true;
  });
}

function failUnfinished(store: JobStore, record: JobRecord, seen: Observed, reason: string): void {
  withJobEvents(store, record, (emit) => {
    const view = foldJob(record, store.readEvents(record.id));
    if (view.ended) return true;
    const now = iso(new Date());
    for (let position = 0; position < view.count; position++) {
      const index = record.job.array ? indexAtPosition(record.job.array, position) : 0;
      if (seen.results.has(index)) continue;
      const task = view.tasks.get(position);
      const restartCount = task?.restartCount ?? 0;
      const arrayTaskId = record.job.array ? index : null;
      emit('Task Ended', `task-${position}-ended-${restartCount}`, {
        arrayTaskId,
        taskJobId: taskJobIdAt(record, position),
        restartCount,
        state: 'NODE_FAIL',
        exitCode: '0:0',
        reason,
        endTime: now,
        startTime: task?.startTime ?? null,
      });
    }
    endJob(store, record, emit, { endTime: now, unstarted: 'NODE_FAIL', neverStarted: null });
    return true;
  });
}
