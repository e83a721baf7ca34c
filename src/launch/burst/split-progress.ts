import type { TargetProgress } from '../local/dependencies.js';
import { foldJob, positionOf, type JobView } from '../../store/job-view.js';
import { openClusterStore } from '../slurm/cluster-store.js';

const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'DEADLINE']);

/** A job's progress as its events tell it, the whole job or one array task, for dependencies on it. */
function progressOfView(view: JobView, index: number | null): TargetProgress {
  const tasks = index === null ? [...view.tasks.values()] : [...view.tasks.values()].filter((t) => t.position === positionOf(view.record, index));
  const expected = index === null ? view.count : 1;
  const ended = view.ended !== null || (tasks.length === expected && tasks.every((t) => ENDED.has(t.state)));
  const starts = tasks.map((t) => (t.startTime ? Date.parse(t.startTime) : 0));
  return {
    allStarted: ended || tasks.length === expected,
    lastStartMs: starts.length ? Math.max(...starts) : null,
    allEnded: ended,
    anyEndedBadly: tasks.some((t) => ENDED.has(t.state) && t.state !== 'COMPLETED') || (view.ended !== null && tasks.length < expected),
  };
}

/**
 * The cluster part of a split array, as far as its store knows (queue, history and the supervisor
 * bring it up to date); null when it was never recorded.
 */
export function clusterPartProgress(stateDir: string, split: { cluster: string; jobId: number }, index: number | null): TargetProgress | null {
  const store = openClusterStore(stateDir, split.cluster);
  const record = store.readRecord(split.jobId);
  return record ? progressOfView(foldJob(record, store.readEvents(split.jobId)), index) : null;
}

/** Both parts of a split array as one job: started, ended, ended badly only when both say so (or either). */
export function bothParts(here: TargetProgress, there: TargetProgress | null): TargetProgress {
  if (!there) return here;
  const starts = [here.lastStartMs, there.lastStartMs].filter((s): s is number => s !== null);
  return {
    allStarted: here.allStarted && there.allStarted,
    lastStartMs: starts.length ? Math.max(...starts) : null,
    allEnded: here.allEnded && there.allEnded,
    anyEndedBadly: here.anyEndedBadly || there.anyEndedBadly,
  };
}
