/**
 * The first code the binaries run: turn on a compile cache for spawn-slurm's own bundles, then start
 * the CLI. Compiling the bundles again on every run is the largest part of a short command's start-up
 * (a one-script lint); with V8's code cache it mostly disappears.
 *
 * Node 22.1+ has this built in (module.enableCompileCache). On Node 20 a small loader does the same for
 * dist/*.cjs only, keyed by file identity, in the user's cache directory, and silently does nothing
 * when that is not writable. SPAWN_SLURM_NO_COMPILE_CACHE=1 turns it off.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

type Extension = (module: Module & { exports: unknown }, filename: string) => void;
interface ModuleInternals {
  _extensions: Record<string, Extension>;
  wrap(source: string): string;
  enableCompileCache?: (directory?: string) => unknown;
}

function cacheDirectory(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg?.startsWith('/') ? xdg : join(homedir(), '.cache'), 'spawn-slurm', 'v8');
}

function writeAtomically(path: string, data: Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** Drops the caches of earlier builds of the same bundle. */
function pruneOlder(directory: string, bundle: string, keep: string): void {
  for (const name of readdirSync(directory)) {
    if (name.startsWith(`${bundle}-`) && name !== keep) unlinkSync(join(directory, name));
  }
}

function installNode20Cache(bundleDir: string, directory: string): void {
  const internals = Module as unknown as ModuleInternals;
  const fallback = internals._extensions['.cjs'] ?? internals._extensions['.js'];
  if (!fallback) return;
  internals._extensions['.cjs'] = (module, filename) => {
    if (!filename.startsWith(bundleDir)) return fallback(module, filename);
    const stats = statSync(filename);
    // V8 checks only the source length: the key must change whenever the file does.
    const bundle = basename(filename);
    const cacheName = `${bundle}-${stats.size}-${Math.trunc(stats.mtimeMs)}-${stats.ino}-${process.version}.bin`;
    const cacheFile = join(directory, cacheName);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(internals.wrap(readFileSync(filename, 'utf8')), { filename, ...(cachedData ? { cachedData } : {}) });
    const compiled = script.runInThisContext() as (...args: unknown[]) => void;
    const require = Module.createRequire(filename);
    compiled.call(module.exports, module.exports, require, module, filename, dirname(filename));
    if (!cachedData || script.cachedDataRejected) {
      // After the run, the cache also holds the functions the run compiled lazily.
      process.once('exit', () => {
        try {
          mkdirSync(directory, { recursive: true, mode: 0o700 });
          writeAtomically(cacheFile, script.createCachedData());
          pruneOlder(directory, bundle, cacheName);
        } catch {
          // No cache this time; nothing is lost.
        }
      });
    }
  };
}

export function enableCompileCache(bundleDir: string): void {
  if (process.env.SPAWN_SLURM_NO_COMPILE_CACHE === '1') return;
  const internals = Module as unknown as ModuleInternals;
  try {
    if (typeof internals.enableCompileCache === 'function') internals.enableCompileCache(cacheDirectory());
    else installNode20Cache(bundleDir, cacheDirectory());
  } catch {
    // Start without a cache.
  }
}

/** Entry of bin/spawn-slurm.cjs and bin/spawn.cjs. */
export function boot(binary: 'spawn-slurm' | 'spawn', argv: readonly string[]): void {
  enableCompileCache(__dirname);
  const cli = require('./cli.cjs') as typeof import('./main.js');
  if (binary === 'spawn') void cli.runSpawnShim(argv);
  else void cli.main(argv, 'spawn-slurm');
}
