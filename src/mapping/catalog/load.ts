import { readFile } from 'node:fs/promises';
import { catalogCachePath, defaultCatalogCacheDir } from './cache-location.js';
import { createCatalog } from './catalog.js';
import { catalogFileProblem } from './file-format.js';
import type { CatalogFile } from './file-format.js';
import type { Catalog } from './types.js';

/**
 * A refreshed cache is used for 7 days by default: spot prices move daily, and past a week the
 * cache's spot figures are no better than the embedded estimates, while on-demand prices rarely change.
 */
export const DEFAULT_CATALOG_MAX_AGE_DAYS = 7;

export interface LoadCatalogOptions {
  /** Where `catalog refresh` writes; default `$XDG_CACHE_HOME/spawn-slurm` or `~/.cache/spawn-slurm`. */
  cacheDir?: string;
  maxAgeDays?: number;
  now?: Date;
}

export interface CatalogWarning {
  code: 'catalog-cache-stale' | 'catalog-cache-corrupt' | 'catalog-cache-unreadable';
  message: string;
  hint: string;
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** Why a cache that exists was not used; for the caller to show on stderr. */
  warnings: CatalogWarning[];
}

let embeddedFile: Promise<CatalogFile> | undefined;

/** The embedded catalog's file, read once per process (a refresh merges into it). */
export function loadEmbeddedCatalogFile(): Promise<CatalogFile> {
  embeddedFile ??= import('./embedded-catalog.json', { with: { type: 'json' } }).then((module) => module.default as unknown as CatalogFile);
  return embeddedFile;
}

/** The catalog generated into the package from `../shared/data`. */
export async function loadEmbeddedCatalog(): Promise<Catalog> {
  const file = await loadEmbeddedCatalogFile();
  return createCatalog(file, { kind: 'embedded', generatedAt: file.generatedAt, sources: file.sources });
}

/** The refreshed cache when it is there and fresh, else the embedded catalog (with a warning when a cache was passed over). */
export async function loadCatalog(options: LoadCatalogOptions = {}): Promise<LoadedCatalog> {
  const path = catalogCachePath(options.cacheDir ?? defaultCatalogCacheDir());
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_CATALOG_MAX_AGE_DAYS;
  const now = options.now ?? new Date();
  const refreshAgain = 'run `spawn-slurm catalog refresh` (with AWS credentials) to rebuild it';

  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { catalog: await loadEmbeddedCatalog(), warnings: [] };
    return fallBack({
      code: 'catalog-cache-unreadable',
      message: `cannot read the catalog cache ${path} (${code ?? (error as Error).message}); using the embedded catalog`,
      hint: `check the file's permissions, or ${refreshAgain}`,
    });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const problem = json === undefined ? 'not valid JSON' : catalogFileProblem(json);
  const file = json as CatalogFile;
  if (problem !== undefined || !file.refresh) {
    return fallBack({
      code: 'catalog-cache-corrupt',
      message: `the catalog cache ${path} is unusable (${problem ?? 'no refresh stamp'}); using the embedded catalog`,
      hint: `delete it, or ${refreshAgain}`,
    });
  }

  const ageDays = (now.getTime() - Date.parse(file.refresh.refreshedAt)) / 86_400_000;
  if (ageDays > maxAgeDays) {
    return fallBack({
      code: 'catalog-cache-stale',
      message: `the catalog cache ${path} was refreshed ${Math.floor(ageDays)} days ago (${file.refresh.refreshedAt}), more than ${maxAgeDays}; using the embedded catalog`,
      hint: `run \`spawn-slurm catalog refresh${file.refresh.regions.map((r) => ` --region ${r}`).join('')}\` to update it`,
    });
  }

  const catalog = createCatalog(file, {
    kind: 'cache',
    generatedAt: file.generatedAt,
    sources: file.sources,
    path,
    refreshedAt: file.refresh.refreshedAt,
    refreshedRegions: file.refresh.regions,
  });
  return { catalog, warnings: [] };
}

async function fallBack(warning: CatalogWarning): Promise<LoadedCatalog> {
  return { catalog: await loadEmbeddedCatalog(), warnings: [warning] };
}
