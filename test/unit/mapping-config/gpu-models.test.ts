import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogFile } from '../../../src/mapping/catalog/file-format.js';
import { GPU_MODELS } from '../../../src/mapping/config/gpu-models.js';

describe('GPU_MODELS', () => {
  it('lists exactly the GPU models of the embedded instance catalog', () => {
    const catalogPath = join(import.meta.dirname, '../../../src/mapping/catalog/embedded-catalog.json');
    const catalog = JSON.parse(readFileSync(catalogPath, 'utf8')) as CatalogFile;
    const inCatalog = new Set(catalog.gpus.map(([, model]) => catalog.dictionary[model]));
    expect([...GPU_MODELS].sort()).toEqual([...inCatalog].sort());
  });
});
