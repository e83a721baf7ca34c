import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceCase } from './cases.js';

const CORPUS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'corpus');

/** The real-world-shaped scripts of fixtures/corpus, as conformance cases (`corpus/<file name>`). */
export function corpusCases(dir: string = CORPUS_DIR): ConformanceCase[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sbatch'))
    .sort()
    .map((name) => ({ id: `corpus/${name}`, family: 'corpus', fileName: name, text: readFileSync(join(dir, name), 'utf8') }));
}
