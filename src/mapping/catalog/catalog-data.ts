import type { Architecture, SourceStamp } from './types.js';
import type { RefreshStamp } from './file-format.js';

/**
 * The catalog as plain records, before columnar encoding: what the generator builds from the fact
 * tables and what a refresh merges AWS answers into. Only stored facts live here; everything derivable
 * (family, size, flex, bare metal, fractional share, Neuron) is derived when decoding.
 */
export interface InstanceFacts {
  name: string;
  vcpus: number;
  memoryMiB: number;
  arch: Architecture;
  cpuMaker: string;
  clockMhz: number | undefined;
  hypervisor: string | undefined;
  /** `count` 0 with a model means a fractional GPU; `memoryMiB` is then the slice's memory. */
  gpu: { model: string; maker: string; count: number; memoryMiB: number } | undefined;
  accelerator: { model: string; maker: string; count: number } | undefined;
  efaInterfaces: number;
  localNvmeGb: number;
  networkMbps: number | undefined;
  ebsMbps: number | undefined;
}

export interface AdvisorEntry {
  savingPercent: number;
  band: number;
}

export interface RegionSpotPrices {
  observedAt: string;
  /** Type → zone → USD/h. */
  prices: Map<string, Map<string, number>>;
}

export interface CatalogData {
  generatedAt: string;
  sources: SourceStamp[];
  refresh?: RefreshStamp;
  facts: InstanceFacts[];
  /** Region → type → Linux on-demand USD/h. */
  onDemand: Map<string, Map<string, number>>;
  spotAdvisor: { bands: string[]; regions: Map<string, Map<string, AdvisorEntry>> };
  spotPrices: Map<string, RegionSpotPrices>;
  /** Region → types offered there. */
  offerings: Map<string, Set<string>>;
}
