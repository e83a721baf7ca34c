import { suggest } from '../../util/suggest.js';
import { decodeInstanceTypes, decodeOfferings, decodeOnDemand, decodeSpotAdvisor, decodeSpotPrices } from './decode.js';
import { EMBEDDED_PRICE_REGION, FACT_FILES } from './fact-files.js';
import type { AdvisorEntry, RegionSpotPrices } from './catalog-data.js';
import type { CatalogFile } from './file-format.js';
import type { Catalog, CatalogGap, CatalogSource, InstanceType, PurchaseOption, SpotPrice, SpotQuote } from './types.js';

/** How a user gets real prices for a region; every "price unknown" message ends with it. */
export function refreshHint(region: string): string {
  return `run \`spawn-slurm catalog refresh --region ${region}\` with AWS credentials to fetch ${region}'s prices`;
}

/** Formats a USD price the way the estimate shows it, without trailing noise. */
const usd = (value: number) => `$${Number(value.toPrecision(6))}`;

/**
 * The catalog over a decoded file. Instance types are built at once (they are what every caller
 * wants); per-region prices are decoded on first use, since a run asks about one or two regions.
 */
export function createCatalog(file: CatalogFile, source: CatalogSource): Catalog {
  const types = decodeInstanceTypes(file);
  const byName = new Map(types.map((t) => [t.name, t]));
  const refreshed = new Set(file.refresh?.regions ?? []);
  const regions = [...new Set([...Object.keys(file.onDemand), ...Object.keys(file.spotAdvisor.regions), ...Object.keys(file.spotPrices), ...Object.keys(file.offerings)])].sort();
  const pricesAsOf = source.sources.find((s) => s.file === FACT_FILES.onDemand)?.asOf;

  const memo = <T>(read: (region: string) => T) => {
    const cache = new Map<string, T>();
    return (region: string): T => {
      if (!cache.has(region)) cache.set(region, read(region));
      return cache.get(region) as T;
    };
  };
  const onDemandIn = memo((region) => decodeOnDemand(file, region));
  const advisorIn = memo((region) => decodeSpotAdvisor(file, region));
  const spotPricesIn = memo((region) => decodeSpotPrices(file, region));
  const offeringsIn = memo((region) => decodeOfferings(file, region));

  const onDemandPrice = (type: string, region: string) => onDemandIn(region).get(type);

  function spotPrice(type: string, region: string, advice: AdvisorEntry | undefined): SpotPrice | undefined {
    const history: RegionSpotPrices | undefined = spotPricesIn(region);
    if (history) {
      const byZone = history.prices.get(type);
      if (!byZone || byZone.size === 0) return undefined;
      const [zone, usdPerHour] = [...byZone].reduce((best, entry) => (entry[1] < best[1] ? entry : best));
      return { usdPerHour, estimated: false, basis: 'spot-price-history', zone, byZone: Object.fromEntries(byZone), observedAt: history.observedAt };
    }
    if (!advice) return undefined;
    const onDemandRegion = onDemandPrice(type, region) !== undefined ? region : EMBEDDED_PRICE_REGION;
    const onDemand = onDemandPrice(type, onDemandRegion);
    if (onDemand === undefined) return undefined;
    return {
      usdPerHour: Math.round(onDemand * (1 - advice.savingPercent / 100) * 1e6) / 1e6,
      estimated: true,
      basis: 'advisor-saving',
      explanation: `${onDemandRegion} on-demand ${usd(onDemand)} × (1 − ${advice.savingPercent}/100), the Spot Instance Advisor's typical saving in ${region}`,
      onDemandUsdPerHour: onDemand,
      onDemandRegion,
      savingPercent: advice.savingPercent,
    };
  }

  function spot(type: string, region: string): SpotQuote | undefined {
    if (!byName.has(type)) return undefined;
    const advice = advisorIn(region).get(type);
    const price = spotPrice(type, region, advice);
    if (!advice && !price) return undefined;
    const label = advice && file.spotAdvisor.bands[advice.band];
    return {
      instanceType: type,
      region,
      savingPercent: advice?.savingPercent,
      interruption: advice && label !== undefined ? { index: advice.band, label } : undefined,
      price,
    };
  }

  function priceGap(type: string, region: string, purchase: PurchaseOption): CatalogGap | undefined {
    if (!byName.has(type)) {
      const close = suggest(type, byName.keys());
      return {
        code: 'unknown-instance-type',
        message: `${type} is not in the instance catalog`,
        ...(close.length > 0 ? { hint: `did you mean ${close.join(', ')}?` } : {}),
      };
    }
    if (purchase === 'on-demand') {
      if (onDemandPrice(type, region) !== undefined) return undefined;
      if (refreshed.has(region)) {
        return {
          code: 'no-on-demand-price',
          message: `AWS Pricing listed no Linux on-demand price for ${type} in ${region} when the catalog was refreshed (${file.refresh?.refreshedAt}); it is probably not sold there`,
        };
      }
      return {
        code: 'no-on-demand-price-offline',
        message:
          region === EMBEDDED_PRICE_REGION
            ? `the offline catalog's price table${pricesAsOf ? ` (as of ${pricesAsOf})` : ''} has no ${region} on-demand price for ${type}`
            : `the offline catalog only has ${EMBEDDED_PRICE_REGION} on-demand prices; ${type}'s price in ${region} is unknown`,
        hint: refreshHint(region),
      };
    }
    if (spot(type, region)?.price) return undefined;
    if (spotPricesIn(region)) {
      return {
        code: 'no-spot-price',
        message: `DescribeSpotPriceHistory listed no Linux/UNIX spot price for ${type} in ${region} at ${spotPricesIn(region)?.observedAt}; it is probably not offered as spot there`,
      };
    }
    return {
      code: 'no-spot-price-offline',
      message: advisorIn(region).has(type)
        ? `no spot price for ${type} in ${region} offline: the estimate needs an on-demand price, and there is none`
        : `the Spot Instance Advisor data has no saving for ${type} in ${region}, so not even an estimated spot price is known offline`,
      hint: refreshHint(region),
    };
  }

  return {
    source,
    types: () => types,
    get: (name: string): InstanceType | undefined => byName.get(name),
    regions: () => regions,
    onDemandPrice,
    spot,
    availableIn(type: string, region: string): boolean | undefined {
      const offered = offeringsIn(region);
      if (offered) return offered.has(type);
      return advisorIn(region).has(type) ? true : undefined;
    },
    priceGap,
  };
}
