import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAPPING_CODES } from '../../../src/mapping/config/codes.js';
import { mappingJsonSchema, renderMappingJsonSchema } from '../../../src/mapping/config/json-schema.js';

const ROOT = join(import.meta.dirname, '../../..');

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
}

/** Every field of the file, as `partitions.<name>.max_price`, with its schema. */
function fields(node: SchemaNode, prefix = ''): [string, SchemaNode][] {
  const found: [string, SchemaNode][] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    found.push([path, child], ...fields(child, path));
  }
  const entry = node.additionalProperties;
  if (typeof entry === 'object') found.push(...fields(entry, `${prefix}.<name>`));
  return found;
}

const schemaFields = fields(mappingJsonSchema() as SchemaNode);

describe('schema/mapping.schema.json', () => {
  it('is what the zod schema generates today', () => {
    expect(readFileSync(join(ROOT, 'schema/mapping.schema.json'), 'utf8')).toBe(renderMappingJsonSchema());
  });

  it('is kept current by scripts/gen-mapping-schema.mjs --check', () => {
    expect(() => execFileSync(process.execPath, ['scripts/gen-mapping-schema.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('describes every field, for editor hovers', () => {
    expect(schemaFields.length).toBeGreaterThan(30);
    const undescribed = schemaFields.filter(([, node]) => !node.description).map(([path]) => path);
    expect(undescribed).toEqual([]);
  });
});

describe('docs/mapping.md', () => {
  const docs = readFileSync(join(ROOT, 'docs/mapping.md'), 'utf8');

  it('documents every field', () => {
    const missing = schemaFields.map(([path]) => path).filter((path) => !docs.includes(`\`${path}\``));
    expect(missing).toEqual([]);
  });

  it('documents every diagnostic code', () => {
    const missing = Object.values(MAPPING_CODES).filter((code) => !docs.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
