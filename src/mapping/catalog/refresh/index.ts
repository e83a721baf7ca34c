/** `catalog refresh`: the only part of the catalog that loads the AWS SDK (lazily, inside the calls). */
export { defaultRefreshRegions, linuxOnDemandFilters, refreshCatalog } from './refresh.js';
export type { RefreshCatalogOptions, RefreshSummary } from './refresh.js';
export { createAwsClients, PRICING_API_REGION } from './aws-clients.js';
export type { AwsClients, AwsClientSettings } from './aws-clients.js';
export { CatalogRefreshError, explainAwsError, REFRESH_CALLS } from './errors.js';
export type { RefreshCall, RefreshErrorCode } from './errors.js';
export { createRefreshProgress, describeRegionRefresh, formatRefreshSummary } from './progress.js';
export type { ProgressReporter, ProgressStream, RefreshProgress, RegionRefresh } from './progress.js';
export { defaultCatalogCacheDir } from '../cache-location.js';
