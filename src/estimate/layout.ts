import { billedSeconds, INSTANCE_STARTUP_MINUTES } from '../mapping/billing.js';
import type { Placement } from '../mapping/plan-types.js';
import { packedSeconds } from '../mapping/select/packing.js';
import type { Concurrency } from './schedule.js';

/**
 * How the job's tasks sit on instances, for pricing and timing: the Plan's packing (instances that run
 * task after task without booting again) or one fresh instance per task, the figure packing is
 * compared with.
 */
export interface Layout {
  kind: 'packed' | 'one-per-instance';
  tasks: number;
  tasksPerInstance: number;
  instancesPerTask: number;
  /** Instances launched over the whole job. */
  instancesLaunched: number;
  /** Instances alive at once. */
  instancesAtOnce: number;
  /** Seconds all launched instances together are billed when a task runs this many minutes, and the longest-lived one's. */
  billedSeconds: (runtimeMinutes: number) => { total: number; longest: number };
  /** From launch to the last task's end. */
  wallMinutes: (runtimeMinutes: number) => number;
}

export function onePerInstance(placement: Placement, schedule: Concurrency): Layout {
  return {
    kind: 'one-per-instance',
    tasks: schedule.tasks,
    tasksPerInstance: 1,
    instancesPerTask: placement.instancesPerTask,
    instancesLaunched: schedule.tasks * placement.instancesPerTask,
    instancesAtOnce: schedule.concurrency * placement.instancesPerTask,
    billedSeconds: (runtime) => {
      const each = billedSeconds(runtime);
      return { total: each * schedule.tasks * placement.instancesPerTask, longest: each };
    },
    // Every wave boots its own instances.
    wallMinutes: (runtime) => schedule.waves * (INSTANCE_STARTUP_MINUTES + runtime),
  };
}

/** The Plan's layout; a multi-node task launches its own group of instances, so it is one per instance. */
export function planLayout(placement: Placement, schedule: Concurrency): Layout {
  if (placement.instancesPerTask > 1) return onePerInstance(placement, schedule);
  const { packing } = placement;
  return {
    kind: 'packed',
    tasks: schedule.tasks,
    tasksPerInstance: packing.tasksPerInstance,
    instancesPerTask: 1,
    instancesLaunched: packing.instances,
    instancesAtOnce: packing.instances,
    billedSeconds: (runtime) => packedSeconds(packing, schedule.tasks, runtime),
    wallMinutes: (runtime) => INSTANCE_STARTUP_MINUTES + packing.rounds * runtime,
  };
}
