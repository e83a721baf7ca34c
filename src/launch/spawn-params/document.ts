import type { JobArray } from '../../model/schema.js';
import type { ParamDefaults } from './defaults.js';
import { rowChunks } from './rows.js';

export type ParamFormat = 'yaml' | 'json';

/**
 * A JSON string is also a YAML double-quoted scalar, in YAML 1.1 (Go's yaml.v2) and 1.2 alike: every
 * string value is written quoted, so none can turn into a number, a boolean or a date.
 */
const scalar = (value: string | boolean) => (typeof value === 'boolean' ? String(value) : JSON.stringify(value));

function yamlMap(map: Record<string, string | boolean>, indent: string): string {
  return Object.entries(map)
    .map(([key, value]) => `${indent}${key}: ${scalar(value)}\n`)
    .join('');
}

const yamlRow = (row: Record<string, string>) =>
  `  - {${Object.entries(row)
    .map(([k, v]) => `${k}: ${scalar(v)}`)
    .join(', ')}}\n`;

/** The parameter file as text chunks: `defaults`, then one row per instance, produced as they are written. */
export function* paramDocument(format: ParamFormat, defaults: ParamDefaults, array: JobArray | null, jobName: string, tasksPerRow = 1): Generator<string> {
  const map = defaults as unknown as Record<string, string | boolean>;
  if (format === 'yaml') {
    yield `# spawn parameter file written by spawn-slurm; run it with the command spawn-slurm printed.\ndefaults:\n${yamlMap(map, '  ')}params:\n`;
    yield* rowChunks(array, jobName, yamlRow, tasksPerRow);
    return;
  }
  yield `{\n  "defaults": ${JSON.stringify(map, null, 2).replace(/\n/g, '\n  ')},\n  "params": [\n`;
  let first = true;
  for (const chunk of rowChunks(array, jobName, (row) => `    ${JSON.stringify(row)},\n`, tasksPerRow)) {
    // Only the very last row goes without a trailing comma: hold back the final ",\n" of each chunk.
    yield `${first ? '' : ',\n'}${chunk.slice(0, -2)}`;
    first = false;
  }
  yield '\n  ]\n}\n';
}
