import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

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

  it('estimate works offline: it bundles neither the catalog refresh nor the AWS SDK', async () => {
    const inputs = await bundledInputs('src/cli/commands/estimate.ts');
    expect(inputs).toContain('src/estimate/estimate-job.ts');
    expect(inputs.filter((i) => /src\/mapping\/catalog\/refresh\/|node_modules\/(@aws-sdk|@smithy)\//.test(i))).toEqual([]);
  });
});
