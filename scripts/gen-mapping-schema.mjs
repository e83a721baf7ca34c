// Writes schema/mapping.schema.json from the zod schema in src/mapping/config/.
// `--check` writes nothing and exits 1 when the committed file is stale (for CI).
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const target = new URL('../schema/mapping.schema.json', import.meta.url);
const check = process.argv.includes('--check');

// The schema is TypeScript: bundle it (zod included) into one module in memory and import that.
const bundle = await build({
  stdin: {
    contents: "export { renderMappingJsonSchema } from './src/mapping/config/json-schema.ts';",
    resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
const code = bundle.outputFiles[0].text;
const { renderMappingJsonSchema } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
const fresh = renderMappingJsonSchema();

if (check) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== fresh) {
    console.error('schema/mapping.schema.json is out of date: run node scripts/gen-mapping-schema.mjs');
    process.exitCode = 1;
  }
} else {
  await writeFile(target, fresh);
  console.log('wrote schema/mapping.schema.json');
}
