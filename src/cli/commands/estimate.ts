import { estimateJob } from '../../estimate/estimate-job.js';
import { liveQueueWait } from '../../launch/burst/live-queue-wait.js';
import { resolveTarget } from '../../launch/slurm/cluster-target.js';
import type { ClusterFigures, MappingConfig } from '../../mapping/config/types.js';
import type { JobSpec } from '../../model/schema.js';
import { stateDirectory } from '../../store/state-dir.js';
import { durationMinutesFrom } from '../duration-option.js';
import { colourFor } from '../format/colour.js';
import { formatEstimate } from '../format/estimate-text.js';
import { describeFindings, planJob } from '../plan-job.js';
import type { ToolOption } from '../sbatch-args.js';

/** estimate's own options, which may also follow the script name among the sbatch options. */
const ESTIMATE_OPTIONS: readonly ToolOption[] = [
  { long: 'expected-runtime', takesValue: true },
  { long: 'cluster', takesValue: true },
];

/** mapping.yaml's cluster figures; with --cluster NAME, the queue wait that cluster would impose now. */
async function clusterFigures(mapping: MappingConfig, name: unknown, job: JobSpec): Promise<ClusterFigures> {
  if (typeof name !== 'string') return mapping.cluster;
  const live = await liveQueueWait(resolveTarget({ cluster: name }, mapping.clusters), stateDirectory(), job);
  if ('unreachable' in live) {
    const fallback = mapping.cluster.queue_wait === undefined ? 'no queue wait' : "mapping.yaml's queue_wait";
    process.stderr.write(`spawn-slurm: cluster ${name}: ${live.unreachable}; using ${fallback}\n`);
    return mapping.cluster;
  }
  return { ...mapping.cluster, name: mapping.cluster.name ?? name, queue_wait: live.minutes, queue_wait_source: live.source };
}

export async function runEstimate(script: string, rest: string[], opts: Record<string, unknown>): Promise<number> {
  const planned = await planJob(script, rest, opts, ESTIMATE_OPTIONS);
  const expectedRuntimeMinutes = durationMinutesFrom(planned.options.expectedRuntime, '--expected-runtime') ?? null;
  const findings = describeFindings(planned);
  if (findings) process.stderr.write(findings);
  const placement = planned.plan.placement;
  if (!planned.ok || !placement) return 1;

  const report = estimateJob({ plan: planned.plan, placement, cluster: await clusterFigures(planned.mapping, planned.options.cluster, planned.plan.job), expectedRuntimeMinutes });
  if (planned.options.json === true) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(formatEstimate(report, colourFor(process.stdout, process.env)));
  }
  return 0;
}
