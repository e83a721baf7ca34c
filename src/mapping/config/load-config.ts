/**
 * The one call commands make: find the mapping file and load it, or use the defaults. yaml and zod are
 * imported only when there is a file to read.
 */
import type { Diagnostic } from '../../parser/diagnostic.js';
import { defaultMappingConfig } from './defaults.js';
import { findMappingFile } from './discovery.js';
import type { MappingFileLocation, MappingFileSearch } from './discovery.js';
import type { MappingConfig } from './types.js';

export interface ResolvedMapping {
  /** Undefined when the file has errors (see diagnostics). */
  config: MappingConfig | undefined;
  diagnostics: Diagnostic[];
  /** Undefined when no mapping file applies and the defaults are used. */
  location: MappingFileLocation | undefined;
}

export async function loadMappingConfig(search: MappingFileSearch): Promise<ResolvedMapping> {
  const location = findMappingFile(search);
  if (!location) return { config: defaultMappingConfig(), diagnostics: [], location };
  const { loadMappingFile } = await import('./loader.js');
  return { ...(await loadMappingFile(location.path)), location };
}
