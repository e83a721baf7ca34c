// Bundles the CLI into dist/ with esbuild. One small entry chunk keeps start-up cheap;
// every command is a lazily imported chunk, so `lint` never loads zod, yaml or the AWS SDK.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// V8 parses a JSON string literal much faster than the equivalent object literal esbuild would emit.
const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /embedded-catalog\.json$/ }, async (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(await readFile(args.path, 'utf8'))});`,
      loader: 'js',
    }));
  },
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  external: ['@aws-sdk/*', '@smithy/*'],
  // commander is CommonJS; bundled CJS needs a real `require` inside an ES module.
  banner: { js: 'import { createRequire as __spawnSlurmRequire } from "node:module"; const require = __spawnSlurmRequire(import.meta.url);' },
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [jsonAsParse],
  logLevel: 'warning',
});
