import type { Architecture, Catalog, InstanceType } from '../catalog/types.js';

/**
 * The catalog in the shape selection scans: one typed array per fact, aligned by type index, built
 * once per catalog; prices per region built once per (catalog, region). A selection is then a single
 * pass over numbers, without creating objects for the types that are not taken.
 */
export interface CatalogIndex {
  readonly catalog: Catalog;
  readonly types: readonly InstanceType[];
  readonly byName: ReadonlyMap<string, number>;
  readonly vcpus: Int32Array;
  readonly memoryMiB: Float64Array;
  /** Whole GPUs (0 for none and for fractional types). */
  readonly gpuCount: Int32Array;
  /** Index into `gpuModels`, -1 without a GPU. */
  readonly gpuModel: Int32Array;
  readonly fractionalGpu: Uint8Array;
  /** A GPU or another accelerator (Inferentia, Trainium, …): not for CPU-only jobs unless allow-listed. */
  readonly accelerated: Uint8Array;
  readonly efa: Uint8Array;
  /** An NVIDIA GPU: an untyped GPU request means CUDA, which batch scripts almost always assume. */
  readonly nvidiaGpu: Uint8Array;
  /** 0 for burstable (t2, t3, t4g …) and -flex types, which cannot hold a full CPU load for long. */
  readonly sustained: Uint8Array;
  /** 0: x86_64, 1: arm64. */
  readonly arch: Uint8Array;
  readonly gpuModels: readonly string[];
  /** Every GPU model of the catalog, for translating a job's GPU type. */
  readonly knownGpuModels: ReadonlySet<string>;
  prices(region: string): RegionPrices;
}

/** Per-region price columns; NaN where unknown. */
export interface RegionPrices {
  readonly region: string;
  readonly onDemand: Float64Array;
  readonly spot: Float64Array;
  /** 1 when `spot` is an offline estimate (on-demand × advisor saving). */
  readonly spotEstimated: Uint8Array;
  /** -1 unknown, 0 not offered, 1 offered. */
  readonly available: Int8Array;
  /** How many types have an on-demand price here. */
  readonly onDemandKnown: number;
}

export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];
export const archId = (arch: Architecture): number => (arch === 'arm64' ? 1 : 0);

/** t2, t3, t3a, t4g: CPU credits run out under the steady load of a batch job. */
const BURSTABLE_FAMILY = /^t\d/;

const indexes = new WeakMap<Catalog, CatalogIndex>();

function buildRegionPrices(catalog: Catalog, types: readonly InstanceType[], region: string): RegionPrices {
  const n = types.length;
  const onDemand = new Float64Array(n).fill(Number.NaN);
  const spot = new Float64Array(n).fill(Number.NaN);
  const spotEstimated = new Uint8Array(n);
  const available = new Int8Array(n);
  let onDemandKnown = 0;
  types.forEach((type, i) => {
    const price = catalog.onDemandPrice(type.name, region);
    if (price !== undefined) {
      onDemand[i] = price;
      onDemandKnown++;
    }
    const quote = catalog.spot(type.name, region)?.price;
    if (quote) {
      spot[i] = quote.usdPerHour;
      spotEstimated[i] = quote.estimated ? 1 : 0;
    }
    const offered = catalog.availableIn(type.name, region);
    available[i] = offered === undefined ? -1 : offered ? 1 : 0;
  });
  return { region, onDemand, spot, spotEstimated, available, onDemandKnown };
}

/** The index of a catalog, built on first use and kept as long as the catalog is. */
export function catalogIndex(catalog: Catalog): CatalogIndex {
  const cached = indexes.get(catalog);
  if (cached) return cached;
  const types = catalog.types();
  const n = types.length;
  const gpuModels: string[] = [];
  const modelId = new Map<string, number>();
  const index: Omit<CatalogIndex, 'prices' | 'knownGpuModels'> = {
    catalog,
    types,
    byName: new Map(types.map((t, i) => [t.name, i])),
    vcpus: new Int32Array(n),
    memoryMiB: new Float64Array(n),
    gpuCount: new Int32Array(n),
    gpuModel: new Int32Array(n).fill(-1),
    fractionalGpu: new Uint8Array(n),
    accelerated: new Uint8Array(n),
    efa: new Uint8Array(n),
    nvidiaGpu: new Uint8Array(n),
    sustained: new Uint8Array(n),
    arch: new Uint8Array(n),
    gpuModels,
  };
  types.forEach((type, i) => {
    index.vcpus[i] = type.vcpus;
    index.memoryMiB[i] = type.memoryMiB;
    index.efa[i] = type.efaInterfaces > 0 ? 1 : 0;
    index.arch[i] = archId(type.arch);
    index.accelerated[i] = type.gpu || type.accelerator ? 1 : 0;
    index.sustained[i] = type.flex || BURSTABLE_FAMILY.test(type.family) ? 0 : 1;
    index.nvidiaGpu[i] = type.gpu?.maker === 'nvidia' ? 1 : 0;
    if (type.gpu) {
      let id = modelId.get(type.gpu.model);
      if (id === undefined) {
        id = gpuModels.length;
        gpuModels.push(type.gpu.model);
        modelId.set(type.gpu.model, id);
      }
      index.gpuModel[i] = id;
      index.fractionalGpu[i] = type.gpu.fractional ? 1 : 0;
      index.gpuCount[i] = type.gpu.fractional ? 0 : type.gpu.count;
    }
  });
  const regions = new Map<string, RegionPrices>();
  const full: CatalogIndex = {
    ...index,
    knownGpuModels: new Set(gpuModels),
    prices(region: string): RegionPrices {
      let prices = regions.get(region);
      if (!prices) {
        prices = buildRegionPrices(catalog, types, region);
        regions.set(region, prices);
      }
      return prices;
    },
  };
  indexes.set(catalog, full);
  return full;
}
