import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Every source file a command's bundle contains. */
async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    plugins: [
      {
        name: 'commands-stay-outside',
        setup(b) {
          b.onResolve({ filter: /^\.\/commands\// }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    outfile: 'out.cjs',
    logLevel: 'silent',
    supported: { 'dynamic-import': false },
    external: ['@aws-sdk/*', '@smithy/*', 'tinyglobby', 'cli-progress'],
  });
  return Object.keys(result.metafile.inputs);
}

/** How many @aws-sdk modules requiring the command's bundle loads, before the command runs. */
async function sdkModulesLoadedBy(entry: string): Promise<number> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'spawn-slurm-startup-')), 'command.cjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'silent',
    supported: { 'dynamic-import': false },
    external: ['@aws-sdk/*', '@smithy/*'],
  });
  const loaded = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(outfile)}); console.log(Object.keys(require.cache).filter((k) => k.includes('@aws-sdk')).length)`], {
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    encoding: 'utf8',
  });
  return Number(loaded.trim());
}

describe('what each command loads at start-up', () => {
  it('lint and inspect bundle neither zod, yaml, the catalog nor the AWS SDK', async () => {
    for (const command of ['src/cli/commands/lint.ts', 'src/cli/commands/inspect.ts']) {
      const inputs = await bundledInputs(command);
      expect(
        inputs.filter((i) => /node_modules\/(zod|yaml|@aws-sdk|@smithy)\//.test(i)),
        command,
      ).toEqual([]);
      expect(
        inputs.filter((i) => /src\/mapping\/catalog\/|embedded-catalog/.test(i)),
        command,
      ).toEqual([]);
      expect(
        inputs.filter((i) => /src\/model\/schema\.ts/.test(i)),
        command,
      ).toEqual([]);
    }
  });

  it('the CLI entry holds only the command-line wiring', async () => {
    const inputs = await bundledInputs('src/cli/main.ts');
    // Commands are separate bundles, required only when run. The sbatch option table that finds the script
    // name among sbatch options before it (`inspect -t 5 job.sbatch`) is initialised only for script commands.
    expect(inputs.filter((i) => i.startsWith('src/')).sort()).toEqual([
      'src/cli/leading-sbatch-options.ts',
      'src/cli/main.ts',
      'src/cli/version.ts',
      'src/core/errors.ts',
      'src/parser/getopt.ts',
      'src/parser/option-table.ts',
      'src/parser/slurm-release.ts',
    ]);
  });

  it('events test touches no AWS: it bundles neither the AWS SDK, the instance catalog nor a backend', async () => {
    const inputs = await bundledInputs('src/cli/commands/events.ts');
    expect(inputs).toContain('src/events/pattern/explain.ts');
    expect(inputs.filter((i) => /node_modules\/(@aws-sdk|@smithy)\/|embedded-catalog|src\/mapping\/catalog\/refresh\/|src\/launch\//.test(i))).toEqual([]);
  });

  it('events status and flush reach no backend, and load the EventBridge SDK only when an eventbridge sink delivers', async () => {
    const entry = 'src/cli/commands/events-sinks.ts';
    const inputs = await bundledInputs(entry);
    expect(inputs).toContain('src/events/sinks/eventbridge/client.ts');
    expect(inputs.filter((i) => /embedded-catalog|src\/mapping\/catalog\/refresh\/|src\/launch\//.test(i))).toEqual([]);
    // Loading the bundle as the CLI does must not require the SDK (it is external, like every @aws-sdk package).
    expect(await sdkModulesLoadedBy(entry)).toBe(0);
  });

  it('events serve reaches no AWS, and events watch loads the S3 SDK only for an s3:// target', async () => {
    const serve = await bundledInputs('src/cli/commands/events-serve.ts');
    expect(serve.filter((i) => /node_modules\/(@aws-sdk|@smithy)\/|src\/events\/watch\//.test(i))).toEqual([]);
    const watch = await bundledInputs('src/cli/commands/events-watch.ts');
    expect(watch).toContain('src/events/watch/s3-source.ts');
    expect(await sdkModulesLoadedBy('src/cli/commands/events-watch.ts')).toBe(0);
  });

  it('estimate works offline: it bundles neither the catalog refresh nor the AWS SDK', async () => {
    const inputs = await bundledInputs('src/cli/commands/estimate.ts');
    expect(inputs).toContain('src/estimate/estimate-job.ts');
    expect(inputs.filter((i) => /src\/mapping\/catalog\/refresh\/|node_modules\/(@aws-sdk|@smithy)\//.test(i))).toEqual([]);
  });
});
