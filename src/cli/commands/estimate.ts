import { estimateJob } from '../../estimate/estimate-job.js';
import { durationMinutesFrom } from '../duration-option.js';
import { colourFor } from '../format/colour.js';
import { formatEstimate } from '../format/estimate-text.js';
import { describeFindings, planJob } from '../plan-job.js';
import type { ToolOption } from '../sbatch-args.js';

/** estimate's own options, which may also follow the script name among the sbatch options. */
const ESTIMATE_OPTIONS: readonly ToolOption[] = [{ long: 'expected-runtime', takesValue: true }];

export async function runEstimate(script: string, rest: string[], opts: Record<string, unknown>): Promise<number> {
  const planned = await planJob(script, rest, opts, ESTIMATE_OPTIONS);
  const expectedRuntimeMinutes = durationMinutesFrom(planned.options.expectedRuntime, '--expected-runtime') ?? null;
  const findings = describeFindings(planned);
  if (findings) process.stderr.write(findings);
  const placement = planned.plan.placement;
  if (!planned.ok || !placement) return 1;

  const report = estimateJob({ plan: planned.plan, placement, cluster: planned.mapping.cluster, expectedRuntimeMinutes });
  if (planned.options.json === true) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(formatEstimate(report, colourFor(process.stdout, process.env)));
  }
  return 0;
}
