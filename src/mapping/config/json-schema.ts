/**
 * The JSON Schema of mapping.yaml for editors (completion and hovers), generated from the zod schema.
 * `scripts/gen-mapping-schema.mjs` writes it to `schema/mapping.schema.json`.
 */
import { z } from 'zod';
import { mappingFileSchema } from './schema.js';

export function mappingJsonSchema(): Record<string, unknown> {
  // `input`: what the file may hold, before durations and sizes become numbers.
  return z.toJSONSchema(mappingFileSchema, { io: 'input', target: 'draft-2020-12' });
}

/** The committed file's exact text. */
export function renderMappingJsonSchema(): string {
  return `${JSON.stringify(mappingJsonSchema(), null, 2)}\n`;
}
