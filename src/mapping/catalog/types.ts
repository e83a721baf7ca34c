/** The typed view of the EC2 instance catalog that the rest of spawn-slurm works with. */

export type Architecture = 'x86_64' | 'arm64';

export interface GpuSpec {
  /** Normalised model name (`a100`, `l4`, `radeon-pro-v520`, …); see `normaliseGpuModel`. */
  model: string;
  /** Lower-case maker (`nvidia`, `amd`, …). */
  maker: string;
  /** Whole GPUs. 0 for a fractional-GPU type (g6f, gr6f), which gets a slice of one GPU. */
  count: number;
  /** Memory of one GPU in MiB as EC2 reports it; for a fractional type, the memory of its slice. */
  memoryMiB: number;
  fractional: boolean;
  /**
   * For a fractional type, the share of one GPU (0.125 for g6f.large), derived from the slice's memory
   * against a whole GPU of the same model; undefined when no whole GPU of that model is known.
   */
  fraction: number | undefined;
}

export interface AcceleratorSpec {
  /** `inferentia`, `inferentia2`, `trainium`, `trainium2`, `qualcomm-ai100`, … */
  model: string;
  maker: string;
  count: number;
  /** AWS Neuron devices (Inferentia, Trainium) need the Neuron SDK rather than CUDA. */
  neuron: boolean;
}

export interface InstanceType {
  name: string;
  /** The part before the dot: `p4d`, `c7i-flex`, `u-6tb1`. */
  family: string;
  /** The part after the dot: `24xlarge`, `metal-48xl`. */
  size: string;
  vcpus: number;
  memoryMiB: number;
  arch: Architecture;
  cpu: { maker: string; clockMhz: number | undefined };
  gpu: GpuSpec | undefined;
  accelerator: AcceleratorSpec | undefined;
  /** Maximum EFA interfaces; 0 when the type has no EFA. */
  efaInterfaces: number;
  /** Local NVMe instance storage, GB; 0 when none. */
  localNvmeGb: number;
  networkMbps: number | undefined;
  ebsMbps: number | undefined;
  /** `nitro` or `xen`; undefined on bare metal. */
  hypervisor: string | undefined;
  bareMetal: boolean;
  /** The `-flex` families (c7i-flex, m7i-flex, …): cheaper, not for sustained full CPU use. */
  flex: boolean;
}

/** One fact table or API the catalog was built from, with the date its facts hold for. */
export interface SourceStamp {
  file: string;
  what: string;
  origin: string;
  /** `YYYY-MM-DD` or `YYYY`, as precise as the provenance allows. */
  asOf: string;
}

export interface CatalogSource {
  kind: 'embedded' | 'cache';
  /** Date the embedded catalog was generated (`YYYY-MM-DD`). */
  generatedAt: string;
  sources: SourceStamp[];
  /** For a refreshed cache: where it lives, when it was refreshed and which regions it covers. */
  path?: string;
  refreshedAt?: string;
  refreshedRegions?: string[];
}

export interface InterruptionBand {
  /** 0 (<5 %) … 4 (>20 %): the Spot Instance Advisor's interruption-frequency band. */
  index: number;
  label: string;
}

export type SpotPrice =
  | {
      usdPerHour: number;
      estimated: false;
      basis: 'spot-price-history';
      /** The cheapest zone, whose price `usdPerHour` is. */
      zone: string;
      byZone: Record<string, number>;
      observedAt: string;
    }
  | {
      usdPerHour: number;
      estimated: true;
      basis: 'advisor-saving';
      /** The formula with its figures, e.g. `us-east-1 on-demand 0.096 × (1 − 62/100)`. */
      explanation: string;
      onDemandUsdPerHour: number;
      /** Whose on-demand price the estimate starts from: the region's own when refreshed, else us-east-1. */
      onDemandRegion: string;
      savingPercent: number;
    };

export interface SpotQuote {
  instanceType: string;
  region: string;
  /** Typical saving against on-demand, from the Spot Instance Advisor; can be negative. */
  savingPercent: number | undefined;
  interruption: InterruptionBand | undefined;
  price: SpotPrice | undefined;
}

export type PurchaseOption = 'on-demand' | 'spot';

/** Why the catalog has no price (or no facts) for a request, and how to get one. */
export interface CatalogGap {
  code: 'unknown-instance-type' | 'no-on-demand-price-offline' | 'no-on-demand-price' | 'no-spot-price-offline' | 'no-spot-price';
  message: string;
  hint?: string;
}

export interface Catalog {
  readonly source: CatalogSource;
  types(): readonly InstanceType[];
  get(name: string): InstanceType | undefined;
  /** Every region the catalog knows anything about (prices, spot data or offerings), sorted. */
  regions(): readonly string[];
  /** Linux on-demand USD per hour; undefined when unknown (offline, only us-east-1 is known). */
  onDemandPrice(type: string, region: string): number | undefined;
  /** Spot facts for a type in a region; undefined when nothing at all is known. */
  spot(type: string, region: string): SpotQuote | undefined;
  /** True or false when known (refreshed offerings, or listed by the spot advisor); undefined when unknown. */
  availableIn(type: string, region: string): boolean | undefined;
  /** When the price for this purchase option is unknown: why, and how to get it. Undefined when a price is known. */
  priceGap(type: string, region: string, purchase: PurchaseOption): CatalogGap | undefined;
}
