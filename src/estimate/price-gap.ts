import { refreshHint } from '../mapping/catalog/catalog.js';
import { EMBEDDED_PRICE_REGION } from '../mapping/catalog/fact-files.js';
import type { CatalogSource, PurchaseOption } from '../mapping/catalog/types.js';

/** Why a price is not known, and how to get it (null when refreshing would not help). */
export interface PriceGap {
  reason: string;
  howToGet: string | null;
}

/**
 * The Plan keeps a gap only for its own purchase option; the estimate shows both, so it words the
 * gap from the catalog's source: offline, only us-east-1 on-demand prices (and spot estimates built
 * on them) exist; a refreshed region that still has no price does not sell the type.
 */
export function priceGap(instanceType: string, region: string, purchase: PurchaseOption, source: CatalogSource): PriceGap {
  if (source.kind === 'cache' && source.refreshedRegions?.includes(region)) {
    return {
      reason: `AWS listed no ${purchase} price for ${instanceType} in ${region} when the catalog was refreshed (${source.refreshedAt ?? 'date unknown'}); it is probably not offered there`,
      howToGet: null,
    };
  }
  const reason =
    purchase === 'on-demand'
      ? region === EMBEDDED_PRICE_REGION
        ? `the offline catalog has no ${region} on-demand price for ${instanceType}`
        : `the offline catalog only has ${EMBEDDED_PRICE_REGION} on-demand prices; ${instanceType}'s on-demand price in ${region} is unknown`
      : `no spot price for ${instanceType} in ${region} is known offline (the Spot Instance Advisor has no saving for it, or there is no on-demand price to estimate from)`;
  return { reason, howToGet: refreshHint(region) };
}
