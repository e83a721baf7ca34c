import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { findMappingFile } from '../../../src/mapping/config/discovery.js';
import { loadMappingConfig } from '../../../src/mapping/config/load-config.js';
import { defaultMappingConfig } from '../../../src/mapping/config/defaults.js';

let cwd: string;
let home: string;

function write(path: string, text = 'defaults: {}\n'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'spawn-slurm-discovery-'));
  cwd = join(root, 'work');
  home = join(root, 'home');
  mkdirSync(cwd);
  mkdirSync(home);
});

describe('findMappingFile', () => {
  it('takes --config first, resolved against the working directory', () => {
    write(join(cwd, 'mapping.yaml'));
    const found = findMappingFile({ cwd, env: { SPAWN_SLURM_CONFIG: '/elsewhere.yaml', HOME: home }, explicitPath: 'site.yaml' });
    expect(found).toEqual({ path: join(cwd, 'site.yaml'), source: 'cli' });
  });

  it('then $SPAWN_SLURM_CONFIG, even when the file is missing (the loader reports it)', () => {
    write(join(cwd, 'mapping.yaml'));
    expect(findMappingFile({ cwd, env: { SPAWN_SLURM_CONFIG: 'conf/m.yaml', HOME: home } })).toEqual({
      path: join(cwd, 'conf/m.yaml'),
      source: 'env',
    });
  });

  it('then ./mapping.yaml', () => {
    const local = write(join(cwd, 'mapping.yaml'));
    write(join(home, '.config/spawn-slurm/mapping.yaml'));
    expect(findMappingFile({ cwd, env: { SPAWN_SLURM_CONFIG: '', HOME: home } })).toEqual({ path: local, source: 'cwd' });
  });

  it('then $XDG_CONFIG_HOME/spawn-slurm/mapping.yaml', () => {
    const xdg = join(home, 'xdg');
    const user = write(join(xdg, 'spawn-slurm/mapping.yaml'));
    write(join(home, '.config/spawn-slurm/mapping.yaml'));
    expect(findMappingFile({ cwd, env: { XDG_CONFIG_HOME: xdg, HOME: home } })).toEqual({ path: user, source: 'xdg' });
  });

  it('with ~/.config when XDG_CONFIG_HOME is unset or relative', () => {
    const user = write(join(home, '.config/spawn-slurm/mapping.yaml'));
    expect(findMappingFile({ cwd, env: { HOME: home } })?.path).toBe(user);
    expect(findMappingFile({ cwd, env: { HOME: home, XDG_CONFIG_HOME: 'relative/dir' } })?.path).toBe(user);
    expect(findMappingFile({ cwd, env: {}, homeDir: home })?.path).toBe(user);
  });

  it('ignores a directory named mapping.yaml', () => {
    mkdirSync(join(cwd, 'mapping.yaml'));
    expect(findMappingFile({ cwd, env: { HOME: home } })).toBeUndefined();
  });

  it('finds nothing when no file exists', () => {
    expect(findMappingFile({ cwd, env: { HOME: home } })).toBeUndefined();
  });
});

describe('loadMappingConfig', () => {
  it('uses the defaults when there is no mapping file', async () => {
    expect(await loadMappingConfig({ cwd, env: { HOME: home } })).toEqual({
      config: defaultMappingConfig(),
      diagnostics: [],
      location: undefined,
    });
  });

  it('loads the file it finds', async () => {
    write(join(cwd, 'mapping.yaml'), 'defaults:\n  region: ap-south-1\n');
    const resolved = await loadMappingConfig({ cwd, env: { HOME: home } });
    expect(resolved.config?.defaults.region).toBe('ap-south-1');
    expect(resolved.location?.source).toBe('cwd');
  });

  it('reports a --config file that does not exist instead of using the defaults', async () => {
    const resolved = await loadMappingConfig({ cwd, env: { HOME: home }, explicitPath: 'missing.yaml' });
    expect(resolved.config).toBeUndefined();
    expect(resolved.diagnostics.map((d) => d.code)).toEqual(['mapping-file-unreadable']);
  });
});
