import { instanceSeconds, INSTANCE_STARTUP_MINUTES } from '../billing.js';
import type { MemoryMargin } from '../config/types.js';
import type { InstanceCandidate, InstanceNeeds, Packing } from '../plan-types.js';
import { formatRate } from './money.js';

/**
 * Packing: the tasks of an array share instances as they share nodes on a cluster. Each instance
 * offers `tasksPerInstance` slots; tasks are claimed by free slots, so an instance runs task after
 * task without booting again, and the array's %N holds across all instances together.
 */
export interface PackingLimits {
  tasks: number;
  /** The array's %N: tasks running at once over all instances. */
  throttle: number | null;
  /** mapping.yaml max_concurrent: instances alive at once. */
  maxInstances: number | null;
  /** #SPAWN --tasks-per-instance: at most this many tasks share an instance. */
  userCap: number | null;
  /** Tasks may share an instance: single-node, not --exclusive, not --mem=0. */
  shareable: boolean;
  /** The runtime the layouts are compared for: the time limit, else an hour. */
  runtimeMinutes: number;
  margin: MemoryMargin;
}

/** Memory the instance leaves its tasks once the OS margin is taken off. */
function memoryForTasks(instanceMiB: number, margin: MemoryMargin): number {
  return margin.kind === 'mib' ? instanceMiB - margin.mib : Math.floor(instanceMiB * (1 - margin.fraction));
}

/** How many tasks fit on one instance of the candidate's type: its vCPUs, memory and GPUs, the array and the user's cap. */
export function tasksThatFit(candidate: InstanceCandidate, needs: InstanceNeeds, limits: PackingLimits): number {
  if (!limits.shareable) return 1;
  const bounds = [Math.floor(candidate.vcpus / Math.max(1, needs.vcpus)), Math.min(limits.tasks, limits.throttle ?? limits.tasks)];
  if (typeof needs.jobMemoryMiB === 'number' && needs.jobMemoryMiB > 0) bounds.push(Math.floor(memoryForTasks(candidate.memoryMiB, limits.margin) / needs.jobMemoryMiB));
  if (needs.gpus > 0) bounds.push(Math.floor((candidate.gpu?.count ?? 0) / needs.gpus));
  if (limits.userCap !== null) bounds.push(limits.userCap);
  return Math.max(1, Math.min(...bounds));
}

/** Tasks each instance takes: claimed by free slots, so they spread as evenly as they can. */
function shares(packing: Pick<Packing, 'instances'>, tasks: number): { tasks: number; instances: number }[] {
  const base = Math.floor(tasks / packing.instances);
  const extra = tasks % packing.instances;
  return [
    { tasks: base + 1, instances: extra },
    { tasks: base, instances: packing.instances - extra },
  ].filter((share) => share.instances > 0 && share.tasks > 0);
}

/** Slots busy on each instance: %N holds over all instances together, so it is shared out too. */
const busySlots = (packing: Pick<Packing, 'instances' | 'concurrency'>) => Math.ceil(packing.concurrency / packing.instances);

/** Instances, rounds and tasks at once when each instance takes `tasksPerInstance` tasks. */
export function packingFor(tasksPerInstance: number, limits: PackingLimits): Packing {
  const wanted = Math.min(limits.tasks, limits.throttle ?? limits.tasks);
  let instances = Math.ceil(wanted / tasksPerInstance);
  if (limits.maxInstances !== null) instances = Math.min(instances, limits.maxInstances);
  const concurrency = Math.min(wanted, instances * tasksPerInstance);
  const rounds = Math.ceil(Math.ceil(limits.tasks / instances) / busySlots({ instances, concurrency }));
  return { tasksPerInstance, instances, concurrency, rounds };
}

/**
 * Seconds the instances are billed when each task runs `runtimeMinutes`: each boots once, runs its
 * share of tasks round after round, and ends when it has none left. `longest` is one instance's.
 */
export function packedSeconds(packing: Packing, tasks: number, runtimeMinutes: number): { total: number; longest: number } {
  const slots = busySlots(packing);
  let total = 0;
  let longest = 0;
  for (const share of shares(packing, tasks)) {
    const seconds = instanceSeconds(INSTANCE_STARTUP_MINUTES + Math.ceil(share.tasks / slots) * runtimeMinutes);
    total += share.instances * seconds;
    longest = Math.max(longest, seconds);
  }
  return { total, longest };
}

/** The price the candidates are compared by: the plan's purchase, else the stand-in used for ranking. */
function comparablePrice(candidate: InstanceCandidate): number | null {
  return candidate.price?.usdPerHour ?? candidate.rankingProxy?.usdPerHour ?? null;
}

function arrayCost(candidate: InstanceCandidate, packing: Packing, limits: PackingLimits): number | null {
  const price = comparablePrice(candidate);
  return price === null ? null : (price * packedSeconds(packing, limits.tasks, limits.runtimeMinutes).total) / 3600;
}

export interface PackedCandidates {
  candidates: InstanceCandidate[];
  packing: Packing;
}

/**
 * Ranks the types that fit one task by what the whole array costs on each, packed as tightly as the
 * type allows (start-up included), and keeps `keep` of them; each candidate carries its own
 * tasksPerInstance, since a capacity fallback to another size packs differently. Forced types keep
 * the user's order. A type without any comparable price keeps its place after the priced ones.
 */
export function packCandidates(candidates: readonly InstanceCandidate[], needs: InstanceNeeds, limits: PackingLimits, options: { keep: number; forced: boolean }): PackedCandidates {
  const scored = candidates.map((candidate, order) => {
    const tasksPerInstance = tasksThatFit(candidate, needs, limits);
    const packing = packingFor(tasksPerInstance, limits);
    return { candidate: { ...candidate, tasksPerInstance }, packing, cost: arrayCost(candidate, packing, limits), order };
  });
  if (!options.forced) {
    scored.sort((a, b) => {
      if (a.cost === null || b.cost === null) return a.cost === b.cost ? a.order - b.order : a.cost === null ? 1 : -1;
      // Prices grow with size, so sizes often tie; within a cent for the whole array, fewer instances:
      // fewer boots and module set-ups to wait for, fewer addresses, less quota, fewer API calls.
      return Math.abs(a.cost - b.cost) >= 0.005 ? a.cost - b.cost : a.packing.instances - b.packing.instances || a.order - b.order;
    });
  }
  const kept = scored.slice(0, options.keep);
  const first = kept[0];
  if (!first) throw new Error('packing needs at least one candidate');
  if (limits.shareable && limits.tasks > 1 && !options.forced) {
    kept.forEach((entry, position) => {
      const price = comparablePrice(entry.candidate);
      const k = entry.candidate.tasksPerInstance;
      const per = `${k} task${k === 1 ? '' : 's'} at a time per instance`;
      const rate = price === null ? '' : `, ${formatRate(price)}`;
      entry.candidate.reason =
        position === 0
          ? `cheapest for all ${limits.tasks} tasks: ${per}, ${entry.packing.instances} instance${entry.packing.instances === 1 ? '' : 's'}${rate}`
          : `fallback ${position} for capacity errors: ${per}${rate}`;
    });
  }
  return { candidates: kept.map((entry) => entry.candidate), packing: first.packing };
}
