import { extname } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { ParamFormat } from '../launch/spawn-params/document.js';

/** Where convert and submit --backend spawn write the parameter file, and in which format. */

const EXTENSION_FORMATS: Record<string, ParamFormat> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json' };

export function formatOption(value: unknown): ParamFormat | undefined {
  if (value === undefined) return undefined;
  if (value === 'yaml' || value === 'json') return value;
  throw new UsageError(`--format must be yaml or json, not "${String(value)}"`);
}

/** A job name as a file name: anything but letters, digits, `.`, `_` and `-` becomes `_`. */
const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'job';

/** The parameter file to write and its format; spawn picks the format by extension, so they must agree. */
export function paramTarget(jobName: string, output: unknown, format: ParamFormat | undefined): { path: string; format: ParamFormat } {
  if (output === undefined || output === '') {
    // In the current directory, as sbatch writes its output files to the submit directory.
    const chosen = format ?? 'yaml';
    return { path: `${fileSafe(jobName)}.params.${chosen}`, format: chosen };
  }
  const path = String(output);
  const byExtension = EXTENSION_FORMATS[extname(path).toLowerCase()];
  if (!byExtension) throw new UsageError(`spawn reads a parameter file by its extension, so ${path} would be read as JSON`, 'name it .yaml, .yml or .json');
  if (format && format !== byExtension)
    throw new UsageError(`--format ${format} does not match ${path}: spawn would read it as ${byExtension}`, `name the file .${format === 'yaml' ? 'yaml' : 'json'}, or leave out --format`);
  return { path, format: byExtension };
}
