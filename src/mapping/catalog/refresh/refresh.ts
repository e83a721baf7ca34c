import type { SpotPrice } from '@aws-sdk/client-ec2';
import { decodeCatalogData } from '../decode.js';
import { encodeCatalog, serialiseCatalog } from '../encode.js';
import { catalogFileProblem } from '../file-format.js';
import { loadEmbeddedCatalogFile } from '../load.js';
import type { CatalogData, InstanceFacts, RegionSpotPrices } from '../catalog-data.js';
import { createAwsClients } from './aws-clients.js';
import type { AwsClients } from './aws-clients.js';
import { CatalogRefreshError, explainAwsError, REFRESH_CALLS } from './errors.js';
import type { RefreshCall } from './errors.js';
import { instanceFactsFromAws } from './instance-facts-from-aws.js';
import { readPriceList } from './price-list.js';
import type { RefreshProgress, RegionRefresh } from './progress.js';
import { writeCatalogCache } from './write-cache.js';

export interface RefreshCatalogOptions {
  regions: readonly string[];
  /** Where the cache goes (`defaultCatalogCacheDir()` for the standard place). */
  cacheDir: string;
  /** Default: SDK clients with the standard credential chain. */
  clients?: AwsClients;
  onProgress?: (event: RefreshProgress) => void;
  /** The refresh time: stamped on the cache and used as the spot price history's StartTime. */
  now: Date;
}

export interface RefreshSummary {
  path: string;
  refreshedAt: string;
  regions: RegionRefresh[];
  typeCount: number;
  /** Types AWS described that the embedded catalog does not have. */
  addedTypes: string[];
}

/** Linux, shared tenancy, no pre-installed software, ordinary (not reserved) capacity: the price a plain instance costs. */
function linuxOnDemandFilters(region: string) {
  return (
    [
      ['operatingSystem', 'Linux'],
      ['tenancy', 'Shared'],
      ['preInstalledSw', 'NA'],
      ['capacitystatus', 'Used'],
      ['regionCode', region],
    ] as const
  ).map(([Field, Value]) => ({ Type: 'TERM_MATCH' as const, Field, Value }));
}

const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The region to refresh when none is named: the SDK's usual AWS_REGION / AWS_DEFAULT_REGION, else us-east-1. */
export function defaultRefreshRegions(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1'];
}

interface RegionAnswers {
  described: InstanceFacts[];
  offered: Set<string>;
  onDemand: Map<string, number>;
  spot: RegionSpotPrices;
}

/**
 * Fetches instance types, offerings, on-demand prices and current spot prices for the regions, merges
 * them with the embedded facts and writes the cache atomically. On any failure it throws a
 * `CatalogRefreshError` naming the call, and the previous cache is left untouched.
 */
export async function refreshCatalog(options: RefreshCatalogOptions): Promise<RefreshSummary> {
  const regions = [...new Set(options.regions.map((r) => r.trim()))];
  const bad = regions.filter((r) => !REGION_SHAPE.test(r));
  if (regions.length === 0 || bad.length > 0) {
    throw new CatalogRefreshError(
      'invalid-refresh-region',
      regions.length === 0 ? 'no region to refresh' : `not an AWS region name: ${bad.join(', ')}`,
      'name regions like us-east-1 or eu-west-1: `spawn-slurm catalog refresh --region eu-west-1`',
    );
  }
  const progress = options.onProgress ?? (() => {});
  const clients = options.clients ?? (await createAwsClients());
  const ec2 = await import('@aws-sdk/client-ec2');
  const { paginateGetProducts } = await import('@aws-sdk/client-pricing');
  progress({ kind: 'start', regions, totalCalls: regions.length * Object.keys(REFRESH_CALLS).length });

  /** Drains a paginator, reporting each page, and turns an SDK failure into a CatalogRefreshError. */
  async function collect<Page, Item>(call: RefreshCall, region: string, pages: () => AsyncIterable<Page>, items: (page: Page) => Item[] | undefined) {
    const all: Item[] = [];
    try {
      for await (const page of pages()) {
        all.push(...(items(page) ?? []));
        progress({ kind: 'page', region, call, items: all.length });
      }
    } catch (error) {
      throw explainAwsError(error, call, region);
    }
    progress({ kind: 'call-done', region, call, items: all.length });
    return all;
  }

  const answers = new Map<string, RegionAnswers>();
  const summaries: RegionRefresh[] = [];
  for (const region of regions) {
    const client = clients.ec2(region);
    const infos = await collect(
      'DescribeInstanceTypes',
      region,
      () => ec2.paginateDescribeInstanceTypes({ client, pageSize: 100 }, {}),
      (p) => p.InstanceTypes,
    );
    const offerings = await collect(
      'DescribeInstanceTypeOfferings',
      region,
      () => ec2.paginateDescribeInstanceTypeOfferings({ client, pageSize: 1000 }, { LocationType: 'region', Filters: [{ Name: 'location', Values: [region] }] }),
      (p) => p.InstanceTypeOfferings,
    );
    const priceList = await collect(
      'GetProducts',
      region,
      () => paginateGetProducts({ client: clients.pricing(), pageSize: 100 }, { ServiceCode: 'AmazonEC2', Filters: linuxOnDemandFilters(region), FormatVersion: 'aws_v1' }),
      (p): unknown[] | undefined => p.PriceList as unknown[] | undefined,
    );
    const history = await collect(
      'DescribeSpotPriceHistory',
      region,
      () => ec2.paginateDescribeSpotPriceHistory({ client, pageSize: 1000 }, { ProductDescriptions: ['Linux/UNIX'], StartTime: options.now }),
      (p) => p.SpotPriceHistory,
    );

    const answer: RegionAnswers = {
      described: infos.flatMap((info) => instanceFactsFromAws(info) ?? []),
      offered: new Set(offerings.flatMap((o) => (o.InstanceType ? [o.InstanceType] : []))),
      onDemand: readPriceList(priceList).prices,
      spot: { observedAt: options.now.toISOString(), prices: latestSpotPrices(history) },
    };
    answers.set(region, answer);
    const zones = new Set([...answer.spot.prices.values()].flatMap((byZone) => [...byZone.keys()]));
    const summary: RegionRefresh = {
      region,
      described: answer.described.length,
      offered: answer.offered.size,
      onDemandPrices: answer.onDemand.size,
      spotPriced: answer.spot.prices.size,
      zones: zones.size,
    };
    summaries.push(summary);
    progress({ kind: 'region-done', region, summary });
  }

  const embedded = decodeCatalogData(await loadEmbeddedCatalogFile());
  const data = mergeRefresh(embedded, answers, options.now);
  const file = encodeCatalog(data);
  const problem = catalogFileProblem(file);
  if (problem) throw new CatalogRefreshError('aws-call-failed', `the refreshed catalog is inconsistent (${problem}); nothing was written`, 'please report this as a bug');
  let path: string;
  try {
    path = await writeCatalogCache(options.cacheDir, serialiseCatalog(file));
  } catch (error) {
    throw new CatalogRefreshError(
      'catalog-cache-write-failed',
      `cannot write the catalog cache in ${options.cacheDir}: ${(error as Error).message}`,
      'check that the directory is writable (or set XDG_CACHE_HOME)',
      undefined,
      undefined,
      { cause: error },
    );
  }
  progress({ kind: 'done', path });
  const embeddedNames = new Set(embedded.facts.map((f) => f.name));
  return {
    path,
    refreshedAt: options.now.toISOString(),
    regions: summaries,
    typeCount: file.types.name.length,
    addedTypes: file.types.name.filter((name) => !embeddedNames.has(name)),
  };
}

/** The price in effect now for each type and zone: the entry with the latest timestamp. */
function latestSpotPrices(history: readonly SpotPrice[]): Map<string, Map<string, number>> {
  const latest = new Map<string, Map<string, { price: number; at: number }>>();
  for (const entry of history) {
    const price = Number(entry.SpotPrice);
    if (!entry.InstanceType || !entry.AvailabilityZone || !Number.isFinite(price)) continue;
    const at = entry.Timestamp ? new Date(entry.Timestamp).getTime() : 0;
    let byZone = latest.get(entry.InstanceType);
    if (!byZone) {
      byZone = new Map();
      latest.set(entry.InstanceType, byZone);
    }
    const known = byZone.get(entry.AvailabilityZone);
    if (!known || at > known.at) byZone.set(entry.AvailabilityZone, { price, at });
  }
  return new Map([...latest].map(([type, byZone]) => [type, new Map([...byZone].map(([zone, { price }]) => [zone, price]))]));
}

/**
 * The embedded catalog with the refreshed regions' answers laid over it. AWS's description of a type
 * wins, except where it says nothing (bandwidth, clock) and the fact tables do.
 */
function mergeRefresh(embedded: CatalogData, answers: Map<string, RegionAnswers>, now: Date): CatalogData {
  const facts = new Map(embedded.facts.map((f) => [f.name, f]));
  for (const { described } of answers.values()) {
    for (const fresh of described) {
      const known = facts.get(fresh.name);
      facts.set(fresh.name, {
        ...fresh,
        clockMhz: fresh.clockMhz ?? known?.clockMhz,
        networkMbps: fresh.networkMbps ?? known?.networkMbps,
        ebsMbps: fresh.ebsMbps ?? known?.ebsMbps,
      });
    }
  }
  const regions = [...answers.keys()].sort();
  const refreshedAt = now.toISOString();
  return {
    generatedAt: embedded.generatedAt,
    sources: [
      ...embedded.sources,
      {
        file: 'AWS APIs',
        what: `instance types, offerings, Linux on-demand and spot prices for ${regions.join(', ')}`,
        origin: `EC2 ${Object.keys(REFRESH_CALLS)
          .filter((c) => c !== 'GetProducts')
          .join(', ')}; Price List GetProducts`,
        asOf: refreshedAt.slice(0, 10),
      },
    ],
    refresh: { refreshedAt, regions },
    facts: [...facts.values()],
    onDemand: new Map([...embedded.onDemand, ...[...answers].map(([region, a]) => [region, a.onDemand] as const)]),
    spotAdvisor: embedded.spotAdvisor,
    spotPrices: new Map([...answers].map(([region, a]) => [region, a.spot] as const)),
    offerings: new Map([...answers].map(([region, a]) => [region, a.offered] as const)),
  };
}
