import { createInterface } from 'node:readline/promises';
import { SpawnSlurmError } from '../core/errors.js';
import { describeMinutes } from '../core/units.js';
import type { PurchaseCost } from '../estimate/cost.js';
import type { EstimateReport } from '../estimate/report.js';
import { formatUsd } from '../mapping/select/money.js';

/** What launching will cost at most and is expected to cost, from the estimate submit prints. */
export interface LaunchCost {
  /** USD; null when no price is known. */
  upperBoundUsd: number | null;
  /** What the bound assumes, in words. */
  upperBoundBasis: string;
  expectedUsd: number | null;
}

const totalFor = (cost: PurchaseCost, basis: 'time-limit' | 'expected-runtime') => (cost.known ? (cost.runs.find((r) => r.basis === basis)?.totalUsd ?? null) : null);

/**
 * The bound uses the dearest purchase the plan may buy (spot-with-fallback may buy on-demand). A job
 * without a time limit is bounded by its instances' time-to-live: every instance alive at once, billed
 * for all of it.
 */
export function launchCost(report: EstimateReport, ttlMinutes: number): LaunchCost {
  const purchases = report.instance.purchase === 'spot' ? [report.cost.spot] : report.instance.purchase === 'on-demand' ? [report.cost.onDemand] : [report.cost.spot, report.cost.onDemand];
  const bought = report.instance.boughtAs === 'spot' ? report.cost.spot : report.cost.onDemand;
  const bounds = purchases.map((cost) => totalFor(cost, 'time-limit'));
  if (report.job.timeLimitMinutes !== null) {
    const known = bounds.filter((b): b is number => b !== null);
    return {
      upperBoundUsd: known.length === purchases.length ? Math.max(...known) : null,
      upperBoundBasis: `every task running its time limit (${describeMinutes(report.job.timeLimitMinutes)})`,
      expectedUsd: totalFor(bought, 'expected-runtime'),
    };
  }
  const hourly = purchases.map((cost) => (cost.known ? cost.hourly.whileRunningUsd : null));
  const known = hourly.filter((h): h is number => h !== null);
  return {
    upperBoundUsd: known.length === purchases.length ? (Math.max(...known) * ttlMinutes) / 60 : null,
    upperBoundBasis: `no time limit: every instance alive for its whole time-to-live (${describeMinutes(ttlMinutes)})`,
    expectedUsd: totalFor(bought, 'expected-runtime'),
  };
}

/** The lines shown before anything is launched. */
export function launchSummary(report: EstimateReport, cost: LaunchCost): string {
  const { packing, instance } = report;
  const sharing = packing.tasksPerInstance > 1 ? `, ${packing.tasksPerInstance} tasks at a time on each` : '';
  const lines = [
    `Would launch ${packing.instances} × ${instance.chosen.instanceType} in ${instance.region} (${instance.purchase}${sharing}) for ${report.job.tasks} task${report.job.tasks === 1 ? '' : 's'}`,
    `  cost at most ${cost.upperBoundUsd === null ? 'unknown (no price in the catalog)' : formatUsd(cost.upperBoundUsd)}: ${cost.upperBoundBasis}`,
  ];
  if (cost.expectedUsd !== null) lines.push(`  expected ${formatUsd(cost.expectedUsd)} (--expected-runtime)`);
  const wall = report.time.runs.find((r) => r.basis === 'time-limit');
  if (wall) lines.push(`  wall time at most ${describeMinutes(wall.wallMinutes)}`);
  return `${lines.join('\n')}\n`;
}

export interface ConfirmOptions {
  yes: boolean;
  /** --max-cost USD. */
  maxCostUsd: number | null;
  /** Standard input and error are a terminal: a question can be asked. */
  interactive: boolean;
  ask?: (question: string) => Promise<string>;
}

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/**
 * Decides whether to launch: --max-cost refuses a plan whose bound is above it (or unknown); --yes
 * launches; on a terminal the user is asked; otherwise nothing is launched. Throws a refusal.
 */
export async function confirmLaunch(cost: LaunchCost, options: ConfirmOptions): Promise<void> {
  if (options.maxCostUsd !== null) {
    if (cost.upperBoundUsd === null) {
      throw new SpawnSlurmError(
        'max-cost-unknown',
        `--max-cost ${formatUsd(options.maxCostUsd)} cannot be checked: the plan's cost is unknown`,
        'refresh the catalog for the region (`spawn-slurm catalog refresh`)',
      );
    }
    if (cost.upperBoundUsd > options.maxCostUsd) {
      throw new SpawnSlurmError(
        'max-cost-exceeded',
        `the plan may cost up to ${formatUsd(cost.upperBoundUsd)} (${cost.upperBoundBasis}), above --max-cost ${formatUsd(options.maxCostUsd)}: nothing was launched`,
        'lower the time limit or the number of tasks, allow spot, or raise --max-cost',
      );
    }
  }
  if (options.yes) return;
  if (!options.interactive) {
    throw new SpawnSlurmError('launch-not-confirmed', 'nothing was launched: there is no terminal to ask for confirmation', 'pass --yes to launch without asking');
  }
  const answer = await (options.ask ?? askOnTerminal)('Would you like to proceed? [y/N] ');
  if (!/^y(es)?$/i.test(answer.trim())) throw new SpawnSlurmError('launch-declined', 'nothing was launched');
}
