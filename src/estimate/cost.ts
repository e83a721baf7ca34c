import type { PriceQuote } from '../mapping/plan-types.js';
import { billedSeconds } from './billing.js';
import type { PriceGap } from './price-gap.js';
import type { Runtime, RuntimeBasis } from './runtime.js';

/** What the job costs for one runtime: per task and for all its tasks. */
export interface RunCost {
  basis: RuntimeBasis;
  runtimeMinutes: number;
  /** Per instance: start-up plus runtime, at least the billing minimum. */
  billedSecondsPerInstance: number;
  /** Instance-hours of all tasks together. */
  instanceHours: number;
  perTaskUsd: number;
  totalUsd: number;
}

/** Hourly figures: the only ones there are when the job has no time limit. */
export interface HourlyCost {
  perInstanceUsd: number;
  /** Every instance of one task. */
  perTaskUsd: number;
  /** Every instance alive at once (concurrency × instances per task). */
  whileRunningUsd: number;
}

export type PurchaseCost =
  | {
      purchase: PriceQuote['purchase'];
      known: true;
      usdPerHour: number;
      /** An offline spot estimate (on-demand × the Spot Instance Advisor's saving), not a market price. */
      estimated: boolean;
      basis: string;
      hourly: HourlyCost;
      runs: RunCost[];
    }
  | ({ purchase: PriceQuote['purchase']; known: false } & PriceGap);

export interface CostShape {
  instancesPerTask: number;
  tasks: number;
  /** Tasks running at once. */
  concurrency: number;
}

function runCost(usdPerHour: number, shape: CostShape, runtime: Runtime): RunCost {
  const seconds = billedSeconds(runtime.minutes);
  const perTaskHours = (seconds / 3600) * shape.instancesPerTask;
  return {
    basis: runtime.basis,
    runtimeMinutes: runtime.minutes,
    billedSecondsPerInstance: seconds,
    instanceHours: perTaskHours * shape.tasks,
    perTaskUsd: usdPerHour * perTaskHours,
    totalUsd: usdPerHour * perTaskHours * shape.tasks,
  };
}

function hourlyCost(usdPerHour: number, shape: CostShape): HourlyCost {
  return {
    perInstanceUsd: usdPerHour,
    perTaskUsd: usdPerHour * shape.instancesPerTask,
    whileRunningUsd: usdPerHour * shape.instancesPerTask * shape.concurrency,
  };
}

/** The cost of one purchase option for every runtime; without a quote, why there is no figure. */
export function purchaseCost(purchase: PriceQuote['purchase'], quote: PriceQuote | null, gap: () => PriceGap, shape: CostShape, runtimes: readonly Runtime[]): PurchaseCost {
  if (!quote) return { purchase, known: false, ...gap() };
  return {
    purchase,
    known: true,
    usdPerHour: quote.usdPerHour,
    estimated: quote.estimated,
    basis: quote.basis,
    hourly: hourlyCost(quote.usdPerHour, shape),
    runs: runtimes.map((runtime) => runCost(quote.usdPerHour, shape, runtime)),
  };
}
