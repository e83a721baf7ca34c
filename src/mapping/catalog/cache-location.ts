import { homedir } from 'node:os';
import { join } from 'node:path';

const CATALOG_CACHE_FILE = 'catalog.json';

/** `$XDG_CACHE_HOME/spawn-slurm`, else `~/.cache/spawn-slurm` (an empty or relative XDG value is ignored, as the spec says). */
export function defaultCatalogCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg?.startsWith('/') ? xdg : join(home, '.cache'), 'spawn-slurm');
}

export function catalogCachePath(cacheDir: string): string {
  return join(cacheDir, CATALOG_CACHE_FILE);
}
