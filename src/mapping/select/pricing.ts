import { EMBEDDED_PRICE_REGION, FACT_FILES } from '../catalog/fact-files.js';
import type { Catalog, InterruptionBand } from '../catalog/types.js';
import type { Purchase } from '../config/types.js';
import type { PriceQuote } from '../plan-types.js';
import type { RegionPrices } from './catalog-index.js';
import { formatRate } from './money.js';

/** How one type is priced for the plan's purchase option, from the index's numbers. */
export interface PriceDecision {
  /** USD/h of what would be bought; NaN when unknown. */
  usdPerHour: number;
  /** What `usdPerHour` is: spot-with-fallback falls back to on-demand when spot is dearer or unknown. */
  boughtAs: 'on-demand' | 'spot';
  /** Spot costs more than on-demand here (real prices, or an advisor saving below 0). */
  spotDearer: boolean;
  /** What candidates are ordered by: the price, else a stand-in (see `proxyUsdPerHour`); Infinity when nothing is known. */
  rank: number;
  /** The stand-in used for ranking when the price is unknown; NaN when the price is known or nothing is. */
  proxyUsdPerHour: number;
}

/**
 * Offline, only us-east-1 has on-demand prices. Elsewhere a type's price is unknown, and candidates are
 * ordered by a stand-in that is never shown as a price: the region's on-demand price for an unknown
 * spot price, else the us-east-1 on-demand price (regional prices differ, but mostly by a similar factor
 * for every type, so the order carries over).
 */
export function decidePrice(prices: RegionPrices, reference: RegionPrices | null, i: number, purchase: Purchase): PriceDecision {
  const onDemand = prices.onDemand[i] as number;
  const spot = prices.spot[i] as number;
  const referenceOnDemand = reference ? (reference.onDemand[i] as number) : Number.NaN;
  // An offline spot estimate is built from the us-east-1 price, so that is what it is compared with.
  const onDemandForComparison = Number.isNaN(onDemand) && prices.spotEstimated[i] === 1 ? referenceOnDemand : onDemand;
  const spotDearer = spot > onDemandForComparison;

  let usdPerHour: number;
  let boughtAs: PriceDecision['boughtAs'];
  if (purchase === 'on-demand') {
    usdPerHour = onDemand;
    boughtAs = 'on-demand';
  } else if (purchase === 'spot') {
    usdPerHour = spot;
    boughtAs = 'spot';
  } else {
    const fallBack = spotDearer || Number.isNaN(spot);
    usdPerHour = fallBack ? onDemand : spot;
    boughtAs = fallBack ? 'on-demand' : 'spot';
  }
  if (!Number.isNaN(usdPerHour)) return { usdPerHour, boughtAs, spotDearer, rank: usdPerHour, proxyUsdPerHour: Number.NaN };
  const proxy = !Number.isNaN(onDemand) ? onDemand : referenceOnDemand;
  return { usdPerHour, boughtAs, spotDearer, rank: Number.isNaN(proxy) ? Infinity : proxy, proxyUsdPerHour: proxy };
}

export interface CandidatePrices {
  onDemand: PriceQuote | null;
  spot: PriceQuote | null;
  price: PriceQuote | null;
  priceGap: string | null;
  interruption: InterruptionBand | null;
  proxy: { usdPerHour: number; basis: string } | null;
}

function onDemandBasis(catalog: Catalog, region: string): string {
  const source = catalog.source;
  if (source.kind === 'cache' && source.refreshedRegions?.includes(region)) {
    return `${region} on-demand price from the AWS Pricing API, refreshed ${source.refreshedAt}`;
  }
  const asOf = source.sources.find((s) => s.file === FACT_FILES.onDemand)?.asOf;
  return `${region} on-demand price from the offline catalog${asOf ? ` (as of ${asOf})` : ''}`;
}

/** The quotes of one candidate, in words as well as numbers; built only for the types that are kept. */
export function candidatePrices(catalog: Catalog, type: string, region: string, purchase: Purchase, decision: PriceDecision): CandidatePrices {
  const onDemandPrice = catalog.onDemandPrice(type, region);
  const onDemand: PriceQuote | null = onDemandPrice === undefined ? null : { usdPerHour: onDemandPrice, purchase: 'on-demand', estimated: false, basis: onDemandBasis(catalog, region) };
  const spotQuote = catalog.spot(type, region);
  const spotPrice = spotQuote?.price;
  const spot: PriceQuote | null = !spotPrice
    ? null
    : {
        usdPerHour: spotPrice.usdPerHour,
        purchase: 'spot',
        estimated: spotPrice.estimated,
        basis: spotPrice.estimated ? `estimate: ${spotPrice.explanation}` : `spot price history, cheapest zone ${spotPrice.zone}, observed ${spotPrice.observedAt}`,
      };
  const price = Number.isNaN(decision.usdPerHour) ? null : decision.boughtAs === 'spot' ? spot : onDemand;
  const gap = price ? undefined : catalog.priceGap(type, region, purchase === 'on-demand' ? 'on-demand' : 'spot');
  const proxy = Number.isNaN(decision.proxyUsdPerHour)
    ? null
    : {
        usdPerHour: decision.proxyUsdPerHour,
        basis:
          onDemand && purchase !== 'on-demand'
            ? `${region} on-demand ${formatRate(decision.proxyUsdPerHour)}, used only to rank: no spot price is known`
            : `${EMBEDDED_PRICE_REGION} on-demand ${formatRate(decision.proxyUsdPerHour)}, used only to rank: the ${region} price is unknown`,
      };
  return {
    onDemand,
    spot,
    price,
    priceGap: gap ? `${gap.message}${gap.hint ? `; ${gap.hint}` : ''}` : null,
    interruption: spotQuote?.interruption ?? null,
    proxy,
  };
}
