import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddedCatalog } from '../../../src/mapping/catalog/load.js';
import type { Catalog } from '../../../src/mapping/catalog/types.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = join(repo, '..', 'shared', 'data');
const committedPath = join(repo, 'src', 'mapping', 'catalog', 'embedded-catalog.json');

/** The fact tables read the plainest way, independently of the code under test. */
async function readTsv(name: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(join(dataDir, name), 'utf8')).trim().split('\n');
  const columns = (header as string).split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((cell, i) => [columns[i] as string, cell])));
}

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadEmbeddedCatalog();
});

describe('the committed embedded catalog', () => {
  it('is exactly what scripts/gen-catalog.mjs generates from ../shared/data now', async () => {
    const committed = await readFile(committedPath, 'utf8');
    const { generatedAt } = JSON.parse(committed) as { generatedAt: string };
    const out = await mkdtemp(join(tmpdir(), 'spawn-slurm-gen-'));
    try {
      const target = join(out, 'catalog.json');
      await promisify(execFile)(process.execPath, [join(repo, 'scripts', 'gen-catalog.mjs'), dataDir, '--out', target, '--date', generatedAt], { cwd: repo });
      // Byte for byte: a hand edit, or tables that changed without a regeneration, fail here.
      expect(await readFile(target, 'utf8')).toBe(committed);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('is stamped with the date of each source and of its generation', () => {
    expect(catalog.source.kind).toBe('embedded');
    expect(catalog.source.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.fromEntries(catalog.source.sources.map((s) => [s.file, s.asOf]))).toEqual({
      'ec2-instance-types.tsv': '2026-08-21',
      'ec2-ondemand-us-east-1.tsv': '2026-07-20',
      'spot-advisor.json': '2025',
    });
  });

  it('holds every row of the instance-type table with its facts', async () => {
    const rows = await readTsv('ec2-instance-types.tsv');
    expect(catalog.types()).toHaveLength(rows.length);
    const blankIsUndefined = (cell: string | undefined) => (cell === '' || cell === undefined ? undefined : Number(cell));
    for (const row of rows) {
      const type = catalog.get(row['instance_type'] as string);
      expect(type, row['instance_type']).toBeDefined();
      expect({
        vcpus: type?.vcpus,
        memoryMiB: type?.memoryMiB,
        arch: type?.arch,
        cpuMaker: type?.cpu.maker,
        efa: type?.efaInterfaces,
        nvme: type?.localNvmeGb,
        network: type?.networkMbps,
        ebs: type?.ebsMbps,
        family: type?.family,
        flex: type?.flex,
        gpuCount: type?.gpu?.count,
        accelerators: type?.accelerator?.count,
      }).toEqual({
        vcpus: Number(row['vcpu']),
        memoryMiB: Number(row['memory_mib']),
        arch: row['arch'],
        cpuMaker: row['cpu_manufacturer'],
        efa: Number(row['efa_interfaces'] || 0),
        nvme: Number(row['local_nvme_gb'] || 0),
        network: blankIsUndefined(row['network_mbps']),
        ebs: blankIsUndefined(row['ebs_mbps']),
        family: row['family'],
        flex: row['flex'] === 'true',
        gpuCount: blankIsUndefined(row['gpu_count']),
        accelerators: blankIsUndefined(row['accelerator_count']),
      });
    }
  });

  it('has the us-east-1 on-demand price of every type the price table lists', async () => {
    const prices = await readTsv('ec2-ondemand-us-east-1.tsv');
    let compared = 0;
    for (const row of prices) {
      if (!catalog.get(row['instance_type'] as string)) continue; // priced, but no facts row (p3, g3, …)
      expect(catalog.onDemandPrice(row['instance_type'] as string, 'us-east-1')).toBe(Number(row['usd_per_hour']));
      compared++;
    }
    expect(compared).toBeGreaterThan(1300);
  });

  it('knows p4d.24xlarge: 96 vCPUs, 8× A100 with 40 GiB each, EFA', () => {
    const p4d = catalog.get('p4d.24xlarge');
    expect(p4d).toMatchObject({ vcpus: 96, arch: 'x86_64', efaInterfaces: 4 });
    expect(p4d?.gpu).toEqual({ model: 'a100', maker: 'nvidia', count: 8, memoryMiB: 40 * 1024, fractional: false, fraction: undefined });
    expect(catalog.get('p4de.24xlarge')?.gpu?.memoryMiB).toBe(80 * 1024);
    expect(catalog.get('p5.48xlarge')?.gpu).toMatchObject({ model: 'h100', count: 8 });
  });

  it('marks g6f and gr6f as fractional GPUs, with the share of one L4 their slice memory implies', () => {
    const fractional = catalog.types().filter((t) => t.gpu?.fractional);
    expect(new Set(fractional.map((t) => t.family))).toEqual(new Set(['g6f', 'gr6f']));
    const share = (name: string) => catalog.get(name)?.gpu?.fraction;
    expect([share('g6f.large'), share('g6f.xlarge'), share('g6f.2xlarge'), share('g6f.4xlarge'), share('gr6f.4xlarge')]).toEqual([0.125, 0.125, 0.25, 0.5, 0.5]);
    expect(catalog.get('g6f.large')?.gpu).toMatchObject({ model: 'l4', count: 0 });
    // A whole L4 is what the fraction is measured against.
    expect(catalog.get('g6.xlarge')?.gpu).toMatchObject({ model: 'l4', count: 1, fractional: false });
  });

  it('uses one normalised name per GPU model and tells Neuron devices from other accelerators', () => {
    const models = new Set(catalog.types().flatMap((t) => (t.gpu ? [t.gpu.model] : [])));
    for (const model of models) expect(model).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(models).toContain('radeon-pro-v520');
    expect(catalog.get('inf2.xlarge')?.accelerator).toEqual({ model: 'inferentia2', maker: 'aws', count: 1, neuron: true });
    expect(catalog.get('trn1.32xlarge')?.accelerator).toMatchObject({ model: 'trainium', count: 16, neuron: true });
    expect(catalog.get('dl2q.24xlarge')?.accelerator).toMatchObject({ model: 'qualcomm-ai100', neuron: false });
  });

  it('treats a clock of 0 as unknown and a missing hypervisor as bare metal', () => {
    expect(catalog.get('c1.medium')?.cpu.clockMhz).toBeUndefined();
    expect(catalog.get('a1.metal')).toMatchObject({ bareMetal: true, hypervisor: undefined });
    expect(catalog.get('a1.large')).toMatchObject({ bareMetal: false, hypervisor: 'nitro' });
  });
});

describe('prices and spot data offline', () => {
  it('gives no on-demand price outside us-east-1, and says how to get one', () => {
    expect(catalog.onDemandPrice('m5.large', 'us-east-1')).toBeGreaterThan(0);
    expect(catalog.onDemandPrice('m5.large', 'eu-west-1')).toBeUndefined();
    const gap = catalog.priceGap('m5.large', 'eu-west-1', 'on-demand');
    expect(gap?.code).toBe('no-on-demand-price-offline');
    expect(gap?.hint).toContain('spawn-slurm catalog refresh --region eu-west-1');
    expect(catalog.priceGap('m5.large', 'us-east-1', 'on-demand')).toBeUndefined();
  });

  it('estimates a spot price from us-east-1 on-demand and the advisor saving, and flags it as an estimate', async () => {
    const advisor = JSON.parse(await readFile(join(dataDir, 'spot-advisor.json'), 'utf8')) as {
      spot_advisor: Record<string, { Linux: Record<string, { s: number; r: number }> }>;
      ranges: { index: number; label: string }[];
    };
    for (const [type, region] of [
      ['m5.large', 'eu-west-1'],
      ['c5.xlarge', 'ap-northeast-1'],
      ['p4d.24xlarge', 'us-east-1'],
    ] as const) {
      const advice = advisor.spot_advisor[region]?.Linux[type];
      const onDemand = catalog.onDemandPrice(type, 'us-east-1') as number;
      const quote = catalog.spot(type, region);
      expect(quote?.savingPercent).toBe(advice?.s);
      expect(quote?.interruption).toEqual({ index: advice?.r, label: advisor.ranges[advice?.r as number]?.label });
      expect(quote?.price).toMatchObject({ estimated: true, basis: 'advisor-saving', onDemandRegion: 'us-east-1', onDemandUsdPerHour: onDemand });
      expect(quote?.price?.usdPerHour).toBeCloseTo(onDemand * (1 - (advice?.s as number) / 100), 6);
    }
  });

  it('keeps a negative advisor saving rather than inventing a better one', () => {
    // ca-central-1 lists p5.48xlarge at −62 %: spot there typically costs more than on-demand.
    const quote = catalog.spot('p5.48xlarge', 'ca-central-1');
    expect(quote?.savingPercent).toBeLessThan(0);
    expect(quote?.price?.usdPerHour).toBeGreaterThan(catalog.onDemandPrice('p5.48xlarge', 'us-east-1') as number);
  });

  it('says a type is available where the advisor lists it, and does not know otherwise', () => {
    expect(catalog.availableIn('m5.large', 'eu-west-1')).toBe(true);
    expect(catalog.availableIn('g6f.large', 'eu-west-1')).toBeUndefined();
    expect(catalog.types().some((t) => catalog.regions().some((r) => catalog.availableIn(t.name, r) === false))).toBe(false);
  });

  it('names a misspelt type and suggests the real one', () => {
    expect(catalog.get('p4d.24xlarg')).toBeUndefined();
    const gap = catalog.priceGap('p4d.24xlarg', 'us-east-1', 'on-demand');
    expect(gap?.code).toBe('unknown-instance-type');
    expect(gap?.hint).toMatch(/^did you mean p4d\.24xlarge[,?]/);
  });

  it('lists the advisor regions', () => {
    expect(catalog.regions()).toHaveLength(33);
    expect(catalog.regions()).toContain('us-east-1');
  });
});
