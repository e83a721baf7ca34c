import { isNeuronAccelerator } from './gpu-model.js';
import type { AdvisorEntry, CatalogData, InstanceFacts, RegionSpotPrices } from './catalog-data.js';
import { unpackTriples } from './file-format.js';
import type { CatalogFile } from './file-format.js';
import type { AcceleratorSpec, Architecture, GpuSpec, InstanceType } from './types.js';

/**
 * The instance types in the file, with what the stored facts imply: family and size from the name,
 * flex and bare metal, the share of a GPU a fractional type gets (its slice's memory against a whole
 * GPU of the same model elsewhere in the catalog), and whether an accelerator is a Neuron device.
 * One pass straight from the columns: this runs on every command that loads the catalog.
 * Expects a file that passed `catalogFileProblem`.
 */
export function decodeInstanceTypes(file: CatalogFile): InstanceType[] {
  const { types, dictionary } = file;
  const word = (index: number) => dictionary[index] as string;
  const wholeGpuMemory = new Map<number, number>();
  for (const [, model, , count, memoryMiB] of file.gpus) {
    if (count > 0) wholeGpuMemory.set(model, Math.max(wholeGpuMemory.get(model) ?? 0, memoryMiB));
  }
  const gpus: GpuSpec[] = [];
  for (const [i, model, maker, count, memoryMiB] of file.gpus) {
    const fractional = count === 0;
    const whole = wholeGpuMemory.get(model);
    const fraction = fractional && whole ? Math.round((memoryMiB / whole) * 10_000) / 10_000 : undefined;
    gpus[i] = { model: word(model), maker: word(maker), count, memoryMiB, fractional, fraction };
  }
  const accelerators: AcceleratorSpec[] = [];
  for (const [i, model, maker, count] of file.accelerators) {
    accelerators[i] = { model: word(model), maker: word(maker), count, neuron: isNeuronAccelerator(word(model)) };
  }
  const decoded: InstanceType[] = new Array(types.name.length);
  for (let i = 0; i < decoded.length; i++) {
    const name = types.name[i] as string;
    const dot = name.indexOf('.');
    const family = dot < 0 ? name : name.slice(0, dot);
    const hypervisor = types.hypervisor[i] ?? null;
    decoded[i] = {
      name,
      family,
      size: dot < 0 ? '' : name.slice(dot + 1),
      vcpus: types.vcpus[i] as number,
      memoryMiB: types.memoryMiB[i] as number,
      arch: word(types.arch[i] as number) as Architecture,
      cpu: { maker: word(types.cpuMaker[i] as number), clockMhz: types.clockMhz[i] ?? undefined },
      gpu: gpus[i],
      accelerator: accelerators[i],
      efaInterfaces: types.efaInterfaces[i] as number,
      localNvmeGb: types.localNvmeGb[i] as number,
      networkMbps: types.networkMbps[i] ?? undefined,
      ebsMbps: types.ebsMbps[i] ?? undefined,
      hypervisor: hypervisor === null ? undefined : word(hypervisor),
      bareMetal: hypervisor === null,
      flex: family.endsWith('-flex'),
    };
  }
  return decoded;
}

/** The stored facts of a type (what `encodeCatalog` writes back). */
function factsOf(type: InstanceType): InstanceFacts {
  const { gpu, accelerator } = type;
  return {
    name: type.name,
    vcpus: type.vcpus,
    memoryMiB: type.memoryMiB,
    arch: type.arch,
    cpuMaker: type.cpu.maker,
    clockMhz: type.cpu.clockMhz,
    hypervisor: type.hypervisor,
    gpu: gpu && { model: gpu.model, maker: gpu.maker, count: gpu.count, memoryMiB: gpu.memoryMiB },
    accelerator: accelerator && { model: accelerator.model, maker: accelerator.maker, count: accelerator.count },
    efaInterfaces: type.efaInterfaces,
    localNvmeGb: type.localNvmeGb,
    networkMbps: type.networkMbps,
    ebsMbps: type.ebsMbps,
  };
}

export function decodeOnDemand(file: CatalogFile, region: string): Map<string, number> {
  const prices = new Map<string, number>();
  file.onDemand[region]?.forEach((price, i) => {
    if (price !== null) prices.set(file.types.name[i] as string, price);
  });
  return prices;
}

export function decodeSpotAdvisor(file: CatalogFile, region: string): Map<string, AdvisorEntry> {
  const entries = new Map<string, AdvisorEntry>();
  const triples = unpackTriples(file.spotAdvisor.regions[region] ?? '');
  for (let i = 0; i < triples.length; i += 3) {
    const name = file.types.name[triples[i] as number];
    if (name !== undefined) entries.set(name, { savingPercent: triples[i + 1] as number, band: triples[i + 2] as number });
  }
  return entries;
}

export function decodeSpotPrices(file: CatalogFile, region: string): RegionSpotPrices | undefined {
  const table = file.spotPrices[region];
  if (!table) return undefined;
  const prices = new Map<string, Map<string, number>>();
  const entries = unpackTriples(table.entries);
  for (let i = 0; i < entries.length; i += 3) {
    const name = file.types.name[entries[i] as number] as string;
    let byZone = prices.get(name);
    if (!byZone) {
      byZone = new Map();
      prices.set(name, byZone);
    }
    byZone.set(table.zones[entries[i + 1] as number] as string, entries[i + 2] as number);
  }
  return { observedAt: table.observedAt, prices };
}

export function decodeOfferings(file: CatalogFile, region: string): Set<string> | undefined {
  const indices = file.offerings[region];
  return indices && new Set(indices.map((i) => file.types.name[i] as string));
}

/** The whole file as records (what a refresh merges into). */
export function decodeCatalogData(file: CatalogFile): CatalogData {
  const mapRegions = <T>(regions: Iterable<string>, read: (region: string) => T | undefined) =>
    new Map(
      [...regions].flatMap((region) => {
        const value = read(region);
        return value === undefined ? [] : [[region, value] as const];
      }),
    );
  return {
    generatedAt: file.generatedAt,
    sources: file.sources,
    ...(file.refresh ? { refresh: file.refresh } : {}),
    facts: decodeInstanceTypes(file).map(factsOf),
    onDemand: mapRegions(Object.keys(file.onDemand), (r) => decodeOnDemand(file, r)),
    spotAdvisor: { bands: file.spotAdvisor.bands, regions: mapRegions(Object.keys(file.spotAdvisor.regions), (r) => decodeSpotAdvisor(file, r)) },
    spotPrices: mapRegions(Object.keys(file.spotPrices), (r) => decodeSpotPrices(file, r)),
    offerings: mapRegions(Object.keys(file.offerings), (r) => decodeOfferings(file, r)),
  };
}
