import { UsageError } from '../core/errors.js';
import { mappingFileFor } from './mapping-findings.js';

/**
 * The configuration file whose rules act on events from outside (put, serve, watch): its path, or null
 * when it does not load (its findings are printed). One without rules is a usage error: nothing would act.
 */
export async function rulesConfigPath(explicitPath: string | undefined): Promise<string | null> {
  const mapping = await mappingFileFor(explicitPath);
  if (!mapping) return null;
  if (!mapping.path || mapping.config.rules.length === 0)
    throw new UsageError('no rules to act on the event: the configuration has none', 'add rules: to mapping.yaml (docs/mapping.md, "rules"), or name the file with --config');
  return mapping.path;
}
