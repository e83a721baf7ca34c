import { EMBEDDED_PRICE_REGION } from './fact-files.js';
import type { NumberRange, SearchFilters } from './search-filters.js';
import type { Catalog, CatalogGap, InstanceType, PurchaseOption } from './types.js';

/** Where a row's price comes from. */
export type PriceBasis = 'on-demand' | 'spot' | 'spot-estimated' | 'unknown';

export interface CatalogRow {
  type: InstanceType;
  /** USD per hour for the purchase option searched for; undefined when unknown. */
  price: number | undefined;
  priceBasis: PriceBasis;
  /** How an estimate was made, or why the price is unknown. */
  priceNote: string | undefined;
  spotSavingPercent: number | undefined;
  interruption: string | undefined;
  /** Offered in the region: true/false when known, undefined when the catalog cannot tell. */
  available: boolean | undefined;
}

export interface SearchResult {
  region: string;
  purchase: PurchaseOption;
  /** Cheapest first; rows without a price last. */
  rows: CatalogRow[];
  /** How many types matched before `limit` cut the list. */
  matched: number;
  /** Things the user should know about the result (unknown prices, left-out types). */
  notes: string[];
}

const types = (n: number) => (n === 1 ? '1 type' : `${n} types`);
const have = (n: number) => (n === 1 ? 'has' : 'have');

const within = (value: number, range: NumberRange | undefined) => range === undefined || (value >= range.min && value <= range.max);

/** Whole GPUs, or for a fractional type the share of one GPU it gets. */
export function gpuAmount(type: InstanceType): number {
  if (!type.gpu) return 0;
  return type.gpu.fractional ? (type.gpu.fraction ?? 0) : type.gpu.count;
}

function matchesHardware(type: InstanceType, filters: SearchFilters): boolean {
  return (
    within(type.vcpus, filters.vcpus) &&
    within(type.memoryMiB, filters.memoryMiB) &&
    within(gpuAmount(type), filters.gpus) &&
    (filters.gpuModels === undefined || (type.gpu !== undefined && filters.gpuModels.includes(type.gpu.model))) &&
    (filters.arch === undefined || type.arch === filters.arch) &&
    (filters.efa === undefined || type.efaInterfaces > 0 === filters.efa)
  );
}

type Priced = Pick<CatalogRow, 'price' | 'priceBasis' | 'priceNote'> & { gap?: CatalogGap };

function priceOf(catalog: Catalog, type: string, region: string, purchase: PurchaseOption): Priced {
  if (purchase === 'on-demand') {
    const price = catalog.onDemandPrice(type, region);
    if (price !== undefined) return { price, priceBasis: 'on-demand', priceNote: undefined };
  } else {
    const spot = catalog.spot(type, region)?.price;
    if (spot?.estimated) return { price: spot.usdPerHour, priceBasis: 'spot-estimated', priceNote: `estimated: ${spot.explanation}` };
    if (spot) return { price: spot.usdPerHour, priceBasis: 'spot', priceNote: `cheapest zone ${spot.zone}, ${spot.observedAt}` };
  }
  const gap = catalog.priceGap(type, region, purchase);
  return { price: undefined, priceBasis: 'unknown', priceNote: gap?.message, ...(gap ? { gap } : {}) };
}

const comparePrice = (a: CatalogRow, b: CatalogRow) =>
  (a.price ?? Infinity) - (b.price ?? Infinity) || a.type.vcpus - b.type.vcpus || a.type.memoryMiB - b.type.memoryMiB || (a.type.name < b.type.name ? -1 : 1);

/** Why a group of types has no price, for the summary under the table (`priceGap` words it per type). */
function gapReason(code: CatalogGap['code'], region: string): string {
  switch (code) {
    case 'no-on-demand-price-offline':
      return region === EMBEDDED_PRICE_REGION ? 'the offline price table does not list them' : `offline, only ${EMBEDDED_PRICE_REGION} on-demand prices are known`;
    case 'no-on-demand-price':
      return 'AWS Pricing listed no price for them at the last refresh';
    case 'no-spot-price-offline':
      return 'offline, spot prices are estimated from the Spot Instance Advisor, which has no figures for them';
    case 'no-spot-price':
      return 'DescribeSpotPriceHistory listed no price for them at the last refresh';
    case 'unknown-instance-type':
      return 'they are not in the catalog';
  }
}

/** The instance types that meet the filters, priced for the region and purchase option, cheapest first. */
export function searchCatalog(catalog: Catalog, filters: SearchFilters): SearchResult {
  const { region, purchase } = filters;
  let notOffered = 0;
  let unpricedOverBudget = 0;
  const gaps = new Map<CatalogGap['code'], { gap: CatalogGap; count: number }>();
  const rows: CatalogRow[] = [];
  for (const type of catalog.types()) {
    if (!matchesHardware(type, filters)) continue;
    const available = catalog.availableIn(type.name, region);
    if (available === false) {
      notOffered++;
      continue;
    }
    const { gap, ...price } = priceOf(catalog, type.name, region, purchase);
    if (gap) {
      const seen = gaps.get(gap.code);
      if (seen) seen.count++;
      else gaps.set(gap.code, { gap, count: 1 });
    }
    if (filters.maxPrice !== undefined && (price.price === undefined || price.price > filters.maxPrice)) {
      if (price.price === undefined) unpricedOverBudget++;
      continue;
    }
    const spot = catalog.spot(type.name, region);
    rows.push({ type, ...price, spotSavingPercent: spot?.savingPercent, interruption: spot?.interruption?.label, available });
  }
  rows.sort(comparePrice);

  const notes: string[] = [];
  for (const { gap, count } of gaps.values()) {
    notes.push(`${types(count)} ${have(count)} no ${purchase} price in ${region}: ${gapReason(gap.code, region)}${gap.hint ? `; ${gap.hint}` : ''}`);
  }
  if (unpricedOverBudget > 0) notes.push(`${types(unpricedOverBudget)} without a price left out because --max-price needs one`);
  if (rows.some((row) => row.priceBasis === 'spot-estimated')) {
    notes.push(`spot prices in ${region} are estimates: on-demand × (1 − the Spot Instance Advisor's typical saving); run \`spawn-slurm catalog refresh --region ${region}\` for real ones`);
  }
  if (notOffered > 0) notes.push(`${types(notOffered)} not offered in ${region} left out`);
  const matched = rows.length;
  return { region, purchase, rows: filters.limit === undefined ? rows : rows.slice(0, filters.limit), matched, notes };
}
