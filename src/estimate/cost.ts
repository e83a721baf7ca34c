import type { PriceQuote } from '../mapping/plan-types.js';
import type { Layout } from './layout.js';
import type { PriceGap } from './price-gap.js';
import type { Runtime, RuntimeBasis } from './runtime.js';

/** What the job costs for one runtime: per task and for all its tasks. */
export interface RunCost {
  basis: RuntimeBasis;
  runtimeMinutes: number;
  /** The longest-lived instance: start-up plus its rounds of tasks, at least the billing minimum. */
  billedSecondsPerInstance: number;
  /** Instance-hours of the whole job. */
  instanceHours: number;
  perTaskUsd: number;
  totalUsd: number;
}

/** Hourly figures: the only ones there are when the job has no time limit. */
export interface HourlyCost {
  perInstanceUsd: number;
  /** One task's share: its instances, or its slot of a shared instance. */
  perTaskUsd: number;
  /** Every instance alive at once. */
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

function runCost(usdPerHour: number, layout: Layout, runtime: Runtime): RunCost {
  const seconds = layout.billedSeconds(runtime.minutes);
  const instanceHours = seconds.total / 3600;
  return {
    basis: runtime.basis,
    runtimeMinutes: runtime.minutes,
    billedSecondsPerInstance: seconds.longest,
    instanceHours,
    perTaskUsd: (usdPerHour * instanceHours) / layout.tasks,
    totalUsd: usdPerHour * instanceHours,
  };
}

function hourlyCost(usdPerHour: number, layout: Layout): HourlyCost {
  return {
    perInstanceUsd: usdPerHour,
    perTaskUsd: (usdPerHour * layout.instancesPerTask) / layout.tasksPerInstance,
    whileRunningUsd: usdPerHour * layout.instancesAtOnce,
  };
}

/** The cost of one purchase option for every runtime; without a quote, why there is no figure. */
export function purchaseCost(purchase: PriceQuote['purchase'], quote: PriceQuote | null, gap: () => PriceGap, layout: Layout, runtimes: readonly Runtime[]): PurchaseCost {
  if (!quote) return { purchase, known: false, ...gap() };
  return {
    purchase,
    known: true,
    usdPerHour: quote.usdPerHour,
    estimated: quote.estimated,
    basis: quote.basis,
    hourly: hourlyCost(quote.usdPerHour, layout),
    runs: runtimes.map((runtime) => runCost(quote.usdPerHour, layout, runtime)),
  };
}
