import { indexAtPosition } from '../../../model/array-positions.js';
import type { JobArray } from '../../../model/schema.js';
import type { ObjectStore } from './object-store.js';

/**
 * How the instances of one EC2 job share its tasks, through objects under the job's prefix:
 * - `claims/<index>`: written with If-None-Match, so exactly one instance runs each task;
 * - `running/<instance>/<index>`: the instance's own list of what it runs, so a supervisor that sees an
 *   instance gone can free its tasks without reading every claim;
 * - `results/<index>.json`: written when the task ends. A task with a result is never claimed again,
 *   and its claim is never freed.
 * See docs/ec2-backend.md for why tasks are claimed rather than handed out in fixed shares.
 */
export interface TaskResult {
  index: number;
  instanceId: string;
  /** sacct's ExitCode, `exit:signal` (`3:0`). */
  exitCode: string;
  /** The task's final Slurm state (COMPLETED, FAILED, TIMEOUT, …). */
  state: string;
  endTime: string;
}

const claimKey = (prefix: string, index: number) => `${prefix}claims/${index}`;
const runningKey = (prefix: string, instanceId: string, index: number) => `${prefix}running/${instanceId}/${index}`;
const resultKey = (prefix: string, index: number) => `${prefix}results/${index}.json`;
const indexOfKey = (key: string) => Number(key.slice(key.lastIndexOf('/') + 1).replace(/\.json$/, ''));

/** One instance's side: claim the next free task, record its end, or give it back when the instance must stop. */
export class TaskClaimer {
  private cursor = 0;
  private taken: Set<number> | null = null;

  constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
    private readonly array: JobArray | null,
    private readonly instanceId: string,
  ) {}

  private get count(): number {
    return this.array?.count ?? 1;
  }

  private indexAt(position: number): number {
    return this.array ? indexAtPosition(this.array, position) : 0;
  }

  /** Claims and results as the store has them now: a task freed by a lost instance shows up free again. */
  private async refresh(): Promise<Set<number>> {
    const [claims, results] = await Promise.all([this.store.list(`${this.prefix}claims/`), this.store.list(`${this.prefix}results/`)]);
    this.taken = new Set([...claims, ...results].map(indexOfKey));
    return this.taken;
  }

  /** The index of a task this instance now owns, or null when every task is claimed or done. */
  async next(): Promise<number | null> {
    let taken = this.taken ?? (await this.refresh());
    for (let pass = 0; pass < 2; pass++) {
      for (; this.cursor < this.count; this.cursor++) {
        const index = this.indexAt(this.cursor);
        if (taken.has(index)) continue;
        taken.add(index);
        const body = JSON.stringify({ instanceId: this.instanceId, claimedAt: new Date().toISOString() });
        if (!(await this.store.putIfAbsent(claimKey(this.prefix, index), body))) continue;
        // A claim freed after its task ended (never by design, but a store is not a proof) must not run it twice.
        if ((await this.store.get(resultKey(this.prefix, index))) !== null) continue;
        await this.store.put(runningKey(this.prefix, this.instanceId, index), '');
        this.cursor++;
        return index;
      }
      // At the end: look again from the start for tasks freed since the last look.
      this.cursor = 0;
      taken = await this.refresh();
    }
    return null;
  }

  /** Records the task's end; the claim stays, so nothing runs it again. */
  async finish(result: Omit<TaskResult, 'instanceId'>): Promise<void> {
    await this.store.put(resultKey(this.prefix, result.index), JSON.stringify({ ...result, instanceId: this.instanceId }), 'application/json');
    await this.store.delete(runningKey(this.prefix, this.instanceId, result.index));
  }

  /** Gives an unfinished task back (spot interruption): another instance's next free slot runs it. */
  async release(index: number): Promise<void> {
    await this.store.delete(claimKey(this.prefix, index));
    await this.store.delete(runningKey(this.prefix, this.instanceId, index));
  }
}

const SLOT_MARK = 'slot-';
const slotKey = (prefix: string, slot: number) => `${prefix}slots/${slot}`;
const slotMarkKey = (prefix: string, instanceId: string, slot: number) => `${prefix}running/${instanceId}/${SLOT_MARK}${slot}`;

/**
 * The array's %N across instances: a task runs only while its instance holds one of N slot objects,
 * each written with If-None-Match. Returns the slot taken, or null when all N are held.
 */
export async function takeSlot(store: ObjectStore, prefix: string, instanceId: string, limit: number): Promise<number | null> {
  for (let slot = 0; slot < limit; slot++) {
    if (await store.putIfAbsent(slotKey(prefix, slot), instanceId)) {
      await store.put(slotMarkKey(prefix, instanceId, slot), '');
      return slot;
    }
  }
  return null;
}

export async function giveSlot(store: ObjectStore, prefix: string, instanceId: string, slot: number): Promise<void> {
  await store.delete(slotKey(prefix, slot));
  await store.delete(slotMarkKey(prefix, instanceId, slot));
}

/**
 * The supervisor's side: frees the tasks and slots of instances that are gone without recording their
 * end, so the tasks run again elsewhere. Returns the freed task indices.
 */
export async function freeTasksOfLostInstances(store: ObjectStore, prefix: string, liveInstanceIds: ReadonlySet<string>): Promise<number[]> {
  const running = await store.list(`${prefix}running/`);
  const freed: number[] = [];
  for (const key of running) {
    const [instanceId = '', mark = ''] = key.slice(`${prefix}running/`.length).split('/');
    if (liveInstanceIds.has(instanceId)) continue;
    if (mark.startsWith(SLOT_MARK)) {
      await store.delete(slotKey(prefix, Number(mark.slice(SLOT_MARK.length))));
      await store.delete(key);
      continue;
    }
    const index = indexOfKey(key);
    if ((await store.get(resultKey(prefix, index))) === null) {
      await store.delete(claimKey(prefix, index));
      freed.push(index);
    }
    await store.delete(key);
  }
  return freed.sort((a, b) => a - b);
}

/** Every recorded result, by index. */
export async function taskResults(store: ObjectStore, prefix: string): Promise<Map<number, TaskResult>> {
  const results = new Map<number, TaskResult>();
  for (const key of await store.list(`${prefix}results/`)) {
    const body = await store.get(key);
    if (body) results.set(indexOfKey(key), JSON.parse(body.toString('utf8')) as TaskResult);
  }
  return results;
}

/** The tasks instances have claimed and not finished: index → the instance running it. */
export async function runningTasks(store: ObjectStore, prefix: string): Promise<Map<number, string>> {
  const running = new Map<number, string>();
  for (const key of await store.list(`${prefix}running/`)) {
    const [instanceId = '', mark = ''] = key.slice(`${prefix}running/`.length).split('/');
    if (!mark.startsWith(SLOT_MARK)) running.set(indexOfKey(key), instanceId);
  }
  return running;
}

/**
 * Cancels tasks no instance has claimed: each gets a CANCELLED result, so none is ever claimed. Returns
 * those it cancelled; a task an instance already claimed is left to its instance.
 */
export async function cancelUnclaimedTasks(store: ObjectStore, prefix: string, indices: readonly number[], at: Date): Promise<number[]> {
  const cancelled: number[] = [];
  for (const index of indices) {
    if (!(await store.putIfAbsent(claimKey(prefix, index), JSON.stringify({ instanceId: 'cancelled', claimedAt: at.toISOString() })))) continue;
    const result: TaskResult = { index, instanceId: 'cancelled', exitCode: '0:0', state: 'CANCELLED', endTime: at.toISOString() };
    await store.put(resultKey(prefix, index), JSON.stringify(result), 'application/json');
    cancelled.push(index);
  }
  return cancelled;
}
