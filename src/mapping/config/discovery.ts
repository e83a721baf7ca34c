/**
 * Which mapping file applies: `--config`, else `$SPAWN_SLURM_CONFIG`, else `./mapping.yaml`, else
 * `$XDG_CONFIG_HOME/spawn-slurm/mapping.yaml` (`~/.config` by default), else none. A path the user
 * named is returned even when it does not exist, so that the loader reports it instead of the tool
 * silently running without the mapping the user asked for.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

const MAPPING_FILE_NAME = 'mapping.yaml';
const CONFIG_PATH_ENV = 'SPAWN_SLURM_CONFIG';

export type MappingFileSource = 'cli' | 'env' | 'cwd' | 'xdg';

export interface MappingFileLocation {
  path: string;
  source: MappingFileSource;
}

export interface MappingFileSearch {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The `--config` argument. */
  explicitPath?: string | undefined;
  /** Where `~` is when `$HOME` is unset; defaults to the account's home directory. */
  homeDir?: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function userConfigDir(env: MappingFileSearch['env'], homeDir: string | undefined): string {
  const xdg = env['XDG_CONFIG_HOME'];
  // The XDG base directory spec says relative paths are invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return xdg;
  return join(env['HOME'] || homeDir || homedir(), '.config');
}

export function findMappingFile(search: MappingFileSearch): MappingFileLocation | undefined {
  if (search.explicitPath) return { path: resolve(search.cwd, search.explicitPath), source: 'cli' };
  const fromEnv = search.env[CONFIG_PATH_ENV];
  if (fromEnv) return { path: resolve(search.cwd, fromEnv), source: 'env' };
  const inCwd = join(search.cwd, MAPPING_FILE_NAME);
  if (isFile(inCwd)) return { path: inCwd, source: 'cwd' };
  const inUserConfig = join(userConfigDir(search.env, search.homeDir), 'spawn-slurm', MAPPING_FILE_NAME);
  if (isFile(inUserConfig)) return { path: inUserConfig, source: 'xdg' };
  return undefined;
}
