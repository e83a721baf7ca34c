// Bundles the CLI into dist/ with esbuild, as CommonJS: on Node 20 merely starting the ES module
// loader costs ~20 ms, more than a whole lint run of one script. dist/cli.cjs holds only the command
// line wiring; each command is its own bundle in dist/commands/, required when that command runs, so
// `lint` never loads zod, yaml, the catalog or the AWS SDK.
import { build } from 'esbuild';
import { readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const commandFiles = (await readdir(new URL('../src/cli/commands', import.meta.url))).filter((f) => f.endsWith('.ts'));

// V8 parses a JSON string literal much faster than the equivalent object literal esbuild would emit.
const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /embedded-catalog\.json$/ }, async (args) => ({
      contents: `module.exports = JSON.parse(${JSON.stringify(await readFile(args.path, 'utf8'))});`,
      loader: 'js',
    }));
  },
};

// The entry requires command bundles at run time instead of inlining them.
const commandsStayOutside = {
  name: 'commands-stay-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) => ({ path: args.path.replace(/\.js$/, '.cjs'), external: true }));
  },
};

// commander requires child_process at load time for executable subcommands, which spawn-slurm does not
// use; loading it drags in net, dgram and streams (~8 ms).
const noChildProcessForCommander = {
  name: 'no-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (args.importer.includes('/commander/') ? { path: 'child_process', namespace: 'stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'module.exports = { spawn() { throw new Error("executable subcommands are not supported"); } };',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.cjs' },
  sourcemap: 'linked',
  minify: process.env.SPAWN_SLURM_BUILD_DEBUG !== '1',
  // Lazy `await import()` becomes a lazy require(), so no command pays for the ES module loader.
  supported: { 'dynamic-import': false },
  // Optional, heavy dependencies stay in node_modules and load only when used.
  external: ['@aws-sdk/*', '@smithy/*', 'tinyglobby', 'cli-progress'],
  define: { __VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

// A bundle that carries its dependencies takes their CommonJS builds: the ES module ones reach for
// import.meta.url (fdir's createRequire), which a CommonJS bundle does not have.
const requireHere = createRequire(import.meta.url);
const commonJsBuilds = {
  name: 'common-js-builds',
  setup(b) {
    b.onResolve({ filter: /^tinyglobby$/ }, (args) => ({ path: requireHere.resolve(args.path) }));
  },
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
const cliStaysOutside = {
  name: 'cli-stays-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\.cjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: { boot: 'src/cli/boot.ts' }, outdir: 'dist', plugins: [cliStaysOutside] }),
  build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', plugins: [commandsStayOutside, noChildProcessForCommander] }),
  // The local backend's supervisor (started detached by the commands) and the srun, sbatch, …
  // that its jobs find on their PATH.
  build({
    ...common,
    entryPoints: {
      supervisor: 'src/launch/local/supervisor-main.ts',
      'job-tools': 'src/launch/local/job-tools/main.ts',
      'ec2-watcher': 'src/launch/ec2/tracking/watcher-main.ts',
      'events-dispatch': 'src/events/dispatch/dispatch-main.ts',
    },
    outdir: 'dist',
  }),
  // The EC2 agent runs on an instance that has Node and nothing else: everything it uses, the AWS SDK too, is inside.
  build({ ...common, entryPoints: { agent: 'src/launch/ec2/agent/agent-main.ts' }, outdir: 'dist', external: [], plugins: [commonJsBuilds] }),
  // The AWS Lambda function `events deploy` packages: the nodejs20.x/22.x runtimes ship the AWS SDK v3, so it stays outside.
  build({ ...common, entryPoints: { handler: 'src/events/lambda/handler.ts' }, outdir: 'dist/lambda', sourcemap: false }),
  build({
    ...common,
    entryPoints: Object.fromEntries(commandFiles.map((f) => [f.replace(/\.ts$/, ''), `src/cli/commands/${f}`])),
    outdir: 'dist/commands',
    plugins: [jsonAsParse],
  }),
]);
