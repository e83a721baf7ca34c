import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../support/run-cli.js';

describe('the compile cache of the built CLI', () => {
  it('is written on the first run, reused on the next, and changes no output', () => {
    const cache = mkdtempSync(join(tmpdir(), 'spawn-slurm-cache-'));
    const args = ['lint', '--format', 'json', fixture('examples', 'mpi-simulation.sbatch')];
    const first = runCli(args, { env: { XDG_CACHE_HOME: cache } });
    const files = readdirSync(join(cache, 'spawn-slurm', 'v8'));
    // Node 22+ keeps its own layout; on Node 20 spawn-slurm names one file per bundle.
    if (!process.version.startsWith('v20.')) return;
    expect(files.filter((f) => f.startsWith('cli.cjs-')).length).toBe(1);
    expect(files.filter((f) => f.startsWith('lint.cjs-')).length).toBe(1);
    const second = runCli(args, { env: { XDG_CACHE_HOME: cache } });
    expect(second).toEqual(first);
    expect(readdirSync(join(cache, 'spawn-slurm', 'v8'))).toEqual(files);
  });

  it('is not used with SPAWN_SLURM_NO_COMPILE_CACHE=1', () => {
    const cache = mkdtempSync(join(tmpdir(), 'spawn-slurm-cache-'));
    const result = runCli(['lint', fixture('examples', 'mpi-simulation.sbatch')], { env: { XDG_CACHE_HOME: cache, SPAWN_SLURM_NO_COMPILE_CACHE: '1' } });
    expect(result.status).toBe(0);
    expect(existsSync(join(cache, 'spawn-slurm'))).toBe(false);
  });
});
