import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../../src/mapping/catalog/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spawn-slurm-no-sdk-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Bundles `code` the way the CLI is built (the AWS SDK left external) into a directory where no
 * node_modules can be found, and runs it: any attempt to load `@aws-sdk/*` fails the run.
 */
async function runWithoutSdk(name: string, code: string) {
  const entry = join(dir, `${name}.ts`);
  await writeFile(entry, code);
  const outfile = join(dir, `${name}.mjs`);
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', external: ['@aws-sdk/*', '@smithy/*'], logLevel: 'silent' });
  return promisify(execFile)(process.execPath, [outfile], { cwd: dir }).then(
    ({ stdout }) => ({ ok: true as const, stdout }),
    (error: { stderr: string }) => ({ ok: false as const, stderr: error.stderr }),
  );
}

describe('the catalog for search never loads the AWS SDK', () => {
  it('loads the catalog and searches it where @aws-sdk/* cannot be loaded', async () => {
    const run = await runWithoutSdk(
      'search',
      `import { loadCatalog, runCatalogSearch } from ${JSON.stringify(join(src, 'index.ts'))};
       const { catalog } = await loadCatalog({ cacheDir: ${JSON.stringify(join(dir, 'no-cache'))} });
       const out = runCatalogSearch(catalog, { gpuModel: 'a100', spot: true });
       console.log(out.ok ? out.stdout : 'bad options');`,
    );
    expect(run).toMatchObject({ ok: true });
    expect(run.ok && run.stdout).toMatch(/p4d\.24xlarge/);
  }, 60_000);

  it('would notice: the refresh path does load it', async () => {
    const run = await runWithoutSdk(
      'refresh',
      `import { createAwsClients } from ${JSON.stringify(join(src, 'refresh', 'aws-clients.ts'))};
       await createAwsClients();`,
    );
    expect(run.ok).toBe(false);
    expect(run.ok ? '' : run.stderr).toMatch(/Cannot find package '@aws-sdk\/client-(ec2|pricing)'/);
  }, 60_000);
});
