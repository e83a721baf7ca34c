/** `catalog refresh`: the only part of the catalog that loads the AWS SDK (lazily, inside the calls). */
export { defaultRefreshRegions, refreshCatalog } from './refresh.js';
export { CatalogRefreshError } from './errors.js';
export { createRefreshProgress, formatRefreshSummary } from './progress.js';
