/**
 * The EC2 instance catalog: typed instance types, us-east-1 on-demand prices and spot data, embedded in
 * the package and optionally refreshed from AWS into a user cache (see `./refresh/index.ts`, which is
 * the only part that loads the AWS SDK).
 */
export type {
  AcceleratorSpec,
  Architecture,
  Catalog,
  CatalogGap,
  CatalogSource,
  GpuSpec,
  InstanceType,
  InterruptionBand,
  PurchaseOption,
  SourceStamp,
  SpotPrice,
  SpotQuote,
} from './types.js';
export { loadCatalog, loadEmbeddedCatalog, DEFAULT_CATALOG_MAX_AGE_DAYS } from './load.js';
export type { CatalogWarning, LoadCatalogOptions, LoadedCatalog } from './load.js';
export { catalogCachePath, defaultCatalogCacheDir } from './cache-location.js';
export { createCatalog, refreshHint } from './catalog.js';
export { normaliseGpuModel, isNeuronAccelerator } from './gpu-model.js';
export { parseSearchFilters } from './search-filters.js';
export type { CatalogSearchOptions, FilterProblem, NumberRange, ParsedFilters, SearchFilters } from './search-filters.js';
export { gpuAmount, searchCatalog } from './search.js';
export type { CatalogRow, PriceBasis, SearchResult } from './search.js';
export { catalogSearchJson, describeAccelerators, formatCatalogSearch, formatCatalogTable, runCatalogSearch } from './search-output.js';
export type { CatalogSearchJson, CatalogSearchOutcome } from './search-output.js';
