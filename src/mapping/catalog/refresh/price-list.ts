/**
 * Reads AWS Price List entries (GetProducts, format aws_v1) for the Linux on-demand USD price per hour
 * of each instance type. Entries are JSON text: SDK v3 hands them over as String objects (its
 * LazyJsonString), older versions as plain strings, and a parsed object is taken as it is.
 */
export interface PriceListReading {
  prices: Map<string, number>;
  /** Entries that could not be read (not JSON, no instance type, no hourly USD price). */
  skipped: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function hourlyUsd(terms: unknown): number | undefined {
  const onDemand = isRecord(terms) ? terms['OnDemand'] : undefined;
  if (!isRecord(onDemand)) return undefined;
  for (const offer of Object.values(onDemand)) {
    const dimensions = isRecord(offer) ? offer['priceDimensions'] : undefined;
    if (!isRecord(dimensions)) continue;
    for (const dimension of Object.values(dimensions)) {
      if (!isRecord(dimension) || dimension['unit'] !== 'Hrs' || !isRecord(dimension['pricePerUnit'])) continue;
      const usd = Number(dimension['pricePerUnit']['USD']);
      // Zero-priced hours belong to capacity reservations and hosts, not to instances.
      if (Number.isFinite(usd) && usd > 0) return usd;
    }
  }
  return undefined;
}

export function readPriceList(items: readonly unknown[]): PriceListReading {
  const prices = new Map<string, number>();
  let skipped = 0;
  for (const item of items) {
    let entry: unknown = item;
    if (typeof item === 'string' || item instanceof String) {
      try {
        entry = JSON.parse(String(item));
      } catch {
        skipped++;
        continue;
      }
    }
    const product = isRecord(entry) ? entry['product'] : undefined;
    const attributes = isRecord(product) ? product['attributes'] : undefined;
    const type = isRecord(attributes) ? attributes['instanceType'] : undefined;
    const operation = isRecord(attributes) ? attributes['operation'] : undefined;
    const price = isRecord(entry) ? hourlyUsd(entry['terms']) : undefined;
    // Plain Linux runs as operation RunInstances; other operations are licensed variants.
    if (typeof type !== 'string' || price === undefined || (operation !== undefined && operation !== 'RunInstances')) {
      skipped++;
      continue;
    }
    const known = prices.get(type);
    prices.set(type, known === undefined ? price : Math.min(known, price));
  }
  return { prices, skipped };
}
