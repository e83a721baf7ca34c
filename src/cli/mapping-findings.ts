import { readFileSync } from 'node:fs';
import { loadMappingConfig } from '../mapping/config/load-config.js';
import type { MappingConfig } from '../mapping/config/types.js';
import type { Diagnostic } from '../parser/diagnostic.js';
import { locate, type LocatedDiagnostic } from './format/located.js';
import { formatText } from './format/text.js';

/** mapping.yaml findings carry offsets into that file: its text turns them into lines and columns. */
export function locateMappingFindings(diagnostics: readonly Diagnostic[], path: string | undefined): LocatedDiagnostic[] {
  if (!path || diagnostics.length === 0) return [];
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // An unreadable file is itself the finding; it has no position to locate.
  }
  return locate(diagnostics, path, text);
}

/**
 * mapping.yaml (--config, $SPAWN_SLURM_CONFIG, ./mapping.yaml, ~/.config) and where it was found (undefined:
 * the built-in defaults), its findings printed: a broken one gives null.
 */
export async function mappingFileFor(explicitPath: string | undefined): Promise<{ config: MappingConfig; path: string | undefined } | null> {
  const mapping = await loadMappingConfig({ cwd: process.cwd(), env: process.env, explicitPath });
  const path = mapping.location?.path;
  const findings = locateMappingFindings(mapping.diagnostics, path);
  if (findings.length > 0 && path) process.stderr.write(formatText([{ file: path, accepted: mapping.config !== undefined, diagnostics: findings }]));
  return mapping.config ? { config: mapping.config, path } : null;
}

export async function mappingFor(explicitPath: string | undefined): Promise<MappingConfig | null> {
  return (await mappingFileFor(explicitPath))?.config ?? null;
}
