#!/usr/bin/env node
// Generates the embedded EC2 catalog (src/mapping/catalog/embedded-catalog.json) from the fact tables.
//
//   node scripts/gen-catalog.mjs [DATA_DIR] [--out FILE] [--date YYYY-MM-DD]
//
// DATA_DIR defaults to ../shared/data beside the repository; --date defaults to today (UTC) and is the
// catalog's generation stamp. The source dates come from DATA_DIR/README.md's "as of" column.
// The logic lives in TypeScript (src/mapping/catalog/build-embedded.ts, shared with `catalog refresh`);
// this script bundles it in memory with esbuild and runs it.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, date: { type: 'string' } },
});
const dataDir = resolve(positionals[0] ?? join(repo, '..', 'shared', 'data'));
const out = resolve(values.out ?? join(repo, 'src', 'mapping', 'catalog', 'embedded-catalog.json'));
const date = values.date ?? new Date().toISOString().slice(0, 10);

const bundle = await build({
  absWorkingDir: repo,
  entryPoints: ['src/mapping/catalog/build-embedded.ts'],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  outfile: 'gen-catalog.bundle.mjs',
  logLevel: 'warning',
});
const { buildEmbeddedCatalog, serialiseCatalog, FACT_FILES } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);

const tables = {};
for (const [key, name] of Object.entries(FACT_FILES)) {
  try {
    tables[key] = await readFile(join(dataDir, name), 'utf8');
  } catch (error) {
    console.error(`gen-catalog: cannot read ${join(dataDir, name)} (${error.code ?? error.message}); give the fact tables' directory as the first argument`);
    process.exit(1);
  }
}
const result = buildEmbeddedCatalog(tables, date);
if (result.problems.length > 0) {
  console.error(`gen-catalog: the fact tables in ${dataDir} have problems; nothing written:`);
  for (const problem of result.problems) console.error(`  ${problem}`);
  process.exit(1);
}
const text = serialiseCatalog(result.file);
await writeFile(out, text);
const { priced, advised } = result.droppedWithoutFacts;
console.log(`gen-catalog: ${result.file.types.name.length} instance types, ${Buffer.byteLength(text)} bytes -> ${out}`);
if (priced.length > 0) console.log(`  priced but without facts (left out): ${priced.join(' ')}`);
const advisedOnly = advised.filter((name) => !priced.includes(name));
if (advisedOnly.length > 0) console.log(`  spot-advised but without facts (left out): ${advisedOnly.join(' ')}`);
