import { loadCatalog } from '../../mapping/catalog/load.js';
import { runCatalogSearch } from '../../mapping/catalog/search-output.js';
import type { CatalogSearchOptions } from '../../mapping/catalog/search-filters.js';
import { defaultCatalogCacheDir } from '../../mapping/catalog/cache-location.js';
import { SpawnSlurmError, UsageError } from '../../core/errors.js';

function writeWarnings(warnings: { message: string; hint?: string }[]): void {
  for (const w of warnings) process.stderr.write(`spawn-slurm: warning: ${w.message}${w.hint ? `\n  hint: ${w.hint}` : ''}\n`);
}

export async function runCatalogSearchCommand(opts: CatalogSearchOptions & { json?: boolean }): Promise<number> {
  const { catalog, warnings } = await loadCatalog();
  writeWarnings(warnings);
  const outcome = runCatalogSearch(catalog, opts, { json: opts.json === true, ...(process.stdout.isTTY ? { width: process.stdout.columns } : {}) });
  if (!outcome.ok) {
    const first = outcome.problems[0];
    throw new UsageError(outcome.problems.map((p) => p.message).join('\n'), first?.hint);
  }
  for (const n of outcome.notes) process.stderr.write(`spawn-slurm: note: ${n.message}\n`);
  process.stdout.write(outcome.stdout);
  return 0;
}

export async function runCatalogRefreshCommand(opts: { region?: string[] }): Promise<number> {
  // The SDK warns on every Node 20 start that future releases need Node 22; spawn-slurm supports 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { refreshCatalog, defaultRefreshRegions, createRefreshProgress, formatRefreshSummary, CatalogRefreshError } = await import('../../mapping/catalog/refresh/index.js');
  const regions = opts.region && opts.region.length > 0 ? opts.region : defaultRefreshRegions();
  const progress = await createRefreshProgress(process.stderr);
  try {
    const summary = await refreshCatalog({ regions, cacheDir: defaultCatalogCacheDir(), onProgress: progress.onProgress, now: new Date() });
    progress.stop();
    process.stdout.write(`${formatRefreshSummary(summary)}\n`);
    return 0;
  } catch (error) {
    progress.stop();
    if (error instanceof CatalogRefreshError) throw new SpawnSlurmError(error.code, error.message, error.hint, { cause: error });
    throw error;
  }
}
