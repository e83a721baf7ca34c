import { CATALOG_FORMAT, CATALOG_FORMAT_VERSION, packTriples } from './file-format.js';
import type { AcceleratorEntry, CatalogFile, GpuEntry, SpotPriceTable, TypeColumns } from './file-format.js';
import type { CatalogData } from './catalog-data.js';

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedKeys = <V>(map: Map<string, V>) => [...map.keys()].sort(byCodeUnit);

/** Encodes the catalog in its columnar file layout. Deterministic: the same data gives the same bytes. */
export function encodeCatalog(data: CatalogData): CatalogFile {
  const facts = [...data.facts].sort((a, b) => byCodeUnit(a.name, b.name));
  const indexOf = new Map(facts.map((f, i) => [f.name, i]));
  const dictionary: string[] = [];
  const dictionaryIndex = new Map<string, number>();
  const code = (text: string): number => {
    let index = dictionaryIndex.get(text);
    if (index === undefined) {
      index = dictionary.length;
      dictionary.push(text);
      dictionaryIndex.set(text, index);
    }
    return index;
  };

  const types: TypeColumns = {
    name: [],
    vcpus: [],
    memoryMiB: [],
    arch: [],
    cpuMaker: [],
    clockMhz: [],
    hypervisor: [],
    efaInterfaces: [],
    localNvmeGb: [],
    networkMbps: [],
    ebsMbps: [],
  };
  const gpus: GpuEntry[] = [];
  const accelerators: AcceleratorEntry[] = [];
  facts.forEach((f, i) => {
    types.name.push(f.name);
    types.vcpus.push(f.vcpus);
    types.memoryMiB.push(f.memoryMiB);
    types.arch.push(code(f.arch));
    types.cpuMaker.push(code(f.cpuMaker));
    types.clockMhz.push(f.clockMhz ?? null);
    types.hypervisor.push(f.hypervisor === undefined ? null : code(f.hypervisor));
    types.efaInterfaces.push(f.efaInterfaces);
    types.localNvmeGb.push(f.localNvmeGb);
    types.networkMbps.push(f.networkMbps ?? null);
    types.ebsMbps.push(f.ebsMbps ?? null);
    if (f.gpu) gpus.push([i, code(f.gpu.model), code(f.gpu.maker), f.gpu.count, f.gpu.memoryMiB]);
    if (f.accelerator) accelerators.push([i, code(f.accelerator.model), code(f.accelerator.maker), f.accelerator.count]);
  });

  // Entries for types without facts (priced or advised, but not described) cannot be used: dropped.
  const typeIndices = (names: Iterable<string>) =>
    [...names]
      .flatMap((name) => {
        const index = indexOf.get(name);
        return index === undefined ? [] : [index];
      })
      .sort((a, b) => a - b);

  const onDemand: CatalogFile['onDemand'] = {};
  for (const region of sortedKeys(data.onDemand)) {
    const prices = data.onDemand.get(region) as Map<string, number>;
    onDemand[region] = facts.map((f) => prices.get(f.name) ?? null);
  }

  const advisorRegions: CatalogFile['spotAdvisor']['regions'] = {};
  for (const region of sortedKeys(data.spotAdvisor.regions)) {
    const entries = data.spotAdvisor.regions.get(region) as Map<string, { savingPercent: number; band: number }>;
    advisorRegions[region] = packTriples(
      typeIndices(entries.keys()).flatMap((i) => {
        const entry = entries.get(facts[i]?.name as string) as { savingPercent: number; band: number };
        return [i, entry.savingPercent, entry.band];
      }),
    );
  }

  const spotPrices: Record<string, SpotPriceTable> = {};
  for (const region of sortedKeys(data.spotPrices)) {
    const table = data.spotPrices.get(region) as NonNullable<ReturnType<typeof data.spotPrices.get>>;
    const zones = [...new Set([...table.prices.values()].flatMap((byZone) => [...byZone.keys()]))].sort(byCodeUnit);
    const entries: number[] = [];
    for (const i of typeIndices(table.prices.keys())) {
      const byZone = table.prices.get(facts[i]?.name as string) as Map<string, number>;
      for (const zone of sortedKeys(byZone)) entries.push(i, zones.indexOf(zone), byZone.get(zone) as number);
    }
    spotPrices[region] = { observedAt: table.observedAt, zones, entries: packTriples(entries) };
  }

  const offerings: Record<string, number[]> = {};
  for (const region of sortedKeys(data.offerings)) offerings[region] = typeIndices(data.offerings.get(region) as Set<string>);

  return {
    format: CATALOG_FORMAT,
    version: CATALOG_FORMAT_VERSION,
    generatedAt: data.generatedAt,
    sources: data.sources,
    ...(data.refresh ? { refresh: data.refresh } : {}),
    dictionary,
    types,
    gpus,
    accelerators,
    onDemand,
    spotAdvisor: { bands: data.spotAdvisor.bands, regions: advisorRegions },
    spotPrices,
    offerings,
  };
}

/**
 * The catalog as JSON text with objects broken over lines down to three levels (one line per column,
 * per region), so that a regenerated catalog diffs as the columns and regions that changed.
 */
export function serialiseCatalog(file: CatalogFile): string {
  return `${stringifyLayered(file, 3)}\n`;
}

function stringifyLayered(value: unknown, depth: number): string {
  if (depth === 0 || typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
  const members = Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}:${stringifyLayered(member, depth - 1)}`);
  return members.length === 0 ? '{}' : `{\n${members.join(',\n')}\n}`;
}
