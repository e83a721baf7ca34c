import { describe, expect, it } from 'vitest';
import type { InstanceFacts } from '../../../src/mapping/catalog/catalog-data.js';
import { createCatalog } from '../../../src/mapping/catalog/catalog.js';
import { encodeCatalog } from '../../../src/mapping/catalog/encode.js';
import { searchCatalog } from '../../../src/mapping/catalog/search.js';
import { parseSearchFilters } from '../../../src/mapping/catalog/search-filters.js';
import type { CatalogSearchOptions, SearchFilters } from '../../../src/mapping/catalog/search-filters.js';
import { catalogSearchJson, formatCatalogTable, runCatalogSearch } from '../../../src/mapping/catalog/search-output.js';

const cpu = (name: string, vcpus: number, memoryGiB: number, more: Partial<InstanceFacts> = {}): InstanceFacts => ({
  name,
  vcpus,
  memoryMiB: memoryGiB * 1024,
  arch: 'x86_64',
  cpuMaker: 'intel',
  clockMhz: 3000,
  hypervisor: 'nitro',
  gpu: undefined,
  accelerator: undefined,
  efaInterfaces: 0,
  localNvmeGb: 0,
  networkMbps: 1000,
  ebsMbps: 1000,
  ...more,
});
const l4 = { model: 'l4', maker: 'nvidia', count: 1, memoryMiB: 22888 };

/** A small catalog with round figures, so expectations can be worked out by hand. */
const catalog = createCatalog(
  encodeCatalog({
    generatedAt: '2026-11-23',
    sources: [{ file: 'ec2-ondemand-us-east-1.tsv', what: 'prices', origin: 'test', asOf: '2026-07-20' }],
    facts: [
      cpu('c.large', 2, 4),
      cpu('c.4xlarge', 16, 64, { efaInterfaces: 1 }),
      cpu('a.xlarge', 4, 8, { arch: 'arm64', cpuMaker: 'aws' }),
      cpu('p.8xlarge', 32, 256, { gpu: { model: 'a100', maker: 'nvidia', count: 4, memoryMiB: 40960 }, efaInterfaces: 4 }),
      cpu('g.xlarge', 4, 16, { gpu: l4 }),
      cpu('gf.large', 2, 8, { gpu: { ...l4, count: 0, memoryMiB: 2861 } }),
      cpu('new.large', 2, 8),
    ],
    onDemand: new Map([
      [
        'us-east-1',
        new Map([
          ['c.large', 0.1],
          ['c.4xlarge', 0.8],
          ['a.xlarge', 0.15],
          ['p.8xlarge', 12],
          ['g.xlarge', 0.8],
          ['gf.large', 0.2],
        ]),
      ],
    ]),
    spotAdvisor: {
      bands: ['<5%', '5-10%', '10-15%', '15-20%', '>20%'],
      regions: new Map([
        [
          'us-east-1',
          new Map([
            ['c.large', { savingPercent: 60, band: 1 }],
            ['p.8xlarge', { savingPercent: 50, band: 4 }],
          ]),
        ],
        [
          'eu-west-1',
          new Map([
            ['c.large', { savingPercent: 70, band: 0 }],
            ['c.4xlarge', { savingPercent: 40, band: 2 }],
          ]),
        ],
      ]),
    },
    spotPrices: new Map(),
    offerings: new Map(),
  }),
  { kind: 'embedded', generatedAt: '2026-11-23', sources: [] },
);

function filtersOf(options: CatalogSearchOptions): SearchFilters {
  const parsed = parseSearchFilters(options, catalog);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.filters;
}
const names = (options: CatalogSearchOptions) => searchCatalog(catalog, filtersOf(options)).rows.map((r) => r.type.name);

describe('catalog search filters', () => {
  it.each<[CatalogSearchOptions, string[]]>([
    [{ vcpus: '4' }, ['a.xlarge', 'g.xlarge']],
    [{ vcpus: 4 }, ['a.xlarge', 'g.xlarge']],
    [{ vcpus: '16+' }, ['c.4xlarge', 'p.8xlarge']],
    [{ vcpus: '16-' }, ['c.4xlarge', 'p.8xlarge']],
    [{ vcpus: '>=16' }, ['c.4xlarge', 'p.8xlarge']],
    [{ vcpus: '<=2' }, ['c.large', 'gf.large', 'new.large']],
    [{ vcpus: '3-16' }, ['a.xlarge', 'c.4xlarge', 'g.xlarge']],
    [{ memory: '64' }, ['c.4xlarge', 'p.8xlarge']],
    [{ memory: '64GiB' }, ['c.4xlarge', 'p.8xlarge']],
    [{ memory: '65536MiB' }, ['c.4xlarge', 'p.8xlarge']],
    [{ memory: '8-16' }, ['a.xlarge', 'g.xlarge', 'gf.large', 'new.large']],
    [{ memory: '4096MiB-8GiB' }, ['a.xlarge', 'c.large', 'gf.large', 'new.large']],
    [{ memory: '0.5T' }, []],
    [{ gpus: '4' }, ['p.8xlarge']],
    [{ gpus: '1+' }, ['g.xlarge', 'p.8xlarge']],
    // A fractional GPU is part of one: not "no GPU", not "one GPU", but within 0-1.
    [{ gpus: '0', memory: '8-8' }, ['a.xlarge', 'new.large']],
    [{ gpus: '0-1', gpuModel: 'l4' }, ['g.xlarge', 'gf.large']],
    [{ gpuModel: 'A100' }, ['p.8xlarge']],
    [{ gpuModel: 'NVIDIA-A100' }, ['p.8xlarge']],
    [{ gpuModel: 'a100_80gb,nvidia l4' }, ['g.xlarge', 'gf.large', 'p.8xlarge']],
    [{ arch: 'aarch64' }, ['a.xlarge']],
    [{ arch: 'amd64', vcpus: '2' }, ['c.large', 'gf.large', 'new.large']],
    [{ efa: true }, ['c.4xlarge', 'p.8xlarge']],
    [{ efa: 'no', vcpus: '16+' }, []],
  ])('%j finds %j', (options, expected) => {
    expect(names(options).sort()).toEqual(expected);
  });

  it.each<[CatalogSearchOptions, string, RegExp]>([
    [{ vcpus: 'four' }, '--vcpus', /expected a vCPU count \(8\), a minimum \(8\+\) or a range \(4-16\), got "four"/],
    [{ vcpus: '8-2' }, '--vcpus', /empty: its minimum is above its maximum/],
    [{ vcpus: '2.5' }, '--vcpus', /expected a vCPU count/],
    [{ memory: '16XB' }, '--memory', /a bare number is GiB, got "16XB"/],
    [{ gpus: 'many' }, '--gpus', /expected a GPU count/],
    [{ arch: 'sparc' }, '--arch', /expected x86_64 or arm64/],
    [{ efa: 'maybe' }, '--efa', /expected true or false/],
    [{ maxPrice: 'cheap' }, '--max-price', /price in USD per hour above 0/],
    [{ maxPrice: 0 }, '--max-price', /above 0/],
    [{ region: 'Europe' }, '--region', /AWS region name such as us-east-1/],
    [{ limit: '0' }, '--limit', /number of rows above 0/],
  ])('%j is refused, naming %s and what it expects', (options, flag, message) => {
    const parsed = parseSearchFilters(options, catalog);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ flag, code: 'invalid-catalog-filter', severity: 'error' });
    expect(parsed.problems[0]?.message).toMatch(new RegExp(`^${flag}: `));
    expect(parsed.problems[0]?.message).toMatch(message);
  });

  it('suggests the GPU model meant by a misspelling', () => {
    const parsed = parseSearchFilters({ gpuModel: 'a10' }, catalog);
    expect(parsed.ok ? undefined : parsed.problems[0]?.hint).toBe('did you mean a100?');
  });

  it('reports every bad flag at once', () => {
    const parsed = parseSearchFilters({ vcpus: 'x', memory: 'y', arch: 'z' }, catalog);
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.flag)).toEqual(['--vcpus', '--memory', '--arch']);
  });

  it('accepts a region it knows nothing about, with a warning', () => {
    const parsed = parseSearchFilters({ region: 'ap-east-2' }, catalog);
    expect(parsed.ok && parsed.notes.map((n) => [n.flag, n.severity])).toEqual([['--region', 'warning']]);
  });
});

describe('searchCatalog', () => {
  it('sorts by price, cheapest first, and puts types without a price last, marked as such', () => {
    const rows = searchCatalog(catalog, filtersOf({ gpus: '0' })).rows;
    expect(rows.map((r) => [r.type.name, r.price, r.priceBasis])).toEqual([
      ['c.large', 0.1, 'on-demand'],
      ['a.xlarge', 0.15, 'on-demand'],
      ['c.4xlarge', 0.8, 'on-demand'],
      ['new.large', undefined, 'unknown'],
    ]);
    expect(rows.at(-1)?.priceNote).toMatch(/has no us-east-1 on-demand price for new.large/);
  });

  it('leaves types without a price out of a --max-price search and says so', () => {
    const result = searchCatalog(catalog, filtersOf({ maxPrice: '$0.5', gpus: '0' }));
    expect(result.rows.map((r) => r.type.name)).toEqual(['c.large', 'a.xlarge']);
    expect(result.notes).toContain('1 type without a price left out because --max-price needs one');
  });

  it('prices spot offline as an estimate from us-east-1 on-demand and the region’s advisor saving', () => {
    const result = searchCatalog(catalog, filtersOf({ spot: true, region: 'eu-west-1', gpus: '0' }));
    const [first, second] = result.rows;
    expect(first).toMatchObject({ price: 0.03, priceBasis: 'spot-estimated', spotSavingPercent: 70, interruption: '<5%' });
    expect(first?.priceNote).toContain('us-east-1 on-demand $0.1 × (1 − 70/100)');
    expect(second).toMatchObject({ price: 0.48, priceBasis: 'spot-estimated' });
    expect(result.rows.slice(2).every((r) => r.priceBasis === 'unknown')).toBe(true);
    expect(result.notes.join('\n')).toMatch(/spot prices in eu-west-1 are estimates/);
  });

  it('knows no on-demand price outside us-east-1 offline and says how to get one', () => {
    const result = searchCatalog(catalog, filtersOf({ region: 'eu-west-1' }));
    expect(result.rows.every((r) => r.price === undefined && r.priceBasis === 'unknown')).toBe(true);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^7 types have no on-demand price in eu-west-1: offline, only us-east-1 on-demand prices are known/);
    expect(result.notes[0]).toContain('spawn-slurm catalog refresh --region eu-west-1');
  });

  it('cuts the list at --limit and says how many matched', () => {
    const result = searchCatalog(catalog, filtersOf({ limit: 2 }));
    expect(result.rows.map((r) => r.type.name)).toEqual(['c.large', 'a.xlarge']);
    expect(result.matched).toBe(7);
  });
});

describe('catalog search output', () => {
  it('shows the price basis, unknown prices and fractional GPUs plainly', () => {
    const table = formatCatalogTable(searchCatalog(catalog, filtersOf({ spot: true, gpuModel: 'l4,a100' })).rows);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^TYPE\s+VCPUS\s+MEM GiB\s+GPU \/ ACCEL\s+ARCH\s+EFA\s+USD\/H\s+PRICE\s+SPOT SAVING\s+INTERRUPTIONS$/);
    expect(lines.find((l) => l.startsWith('p.8xlarge'))).toMatch(/4× a100 40GiB .* 6\.000\s+spot est\.\s+50%\s+>20%$/);
    expect(lines.find((l) => l.startsWith('gf.large'))).toMatch(/1\/8 l4 2\.8GiB .* unknown\s+unknown/);
  });

  it('fits the table into the terminal width', () => {
    const rows = searchCatalog(catalog, filtersOf({})).rows;
    for (const width of [60, 80, 120]) {
      for (const line of formatCatalogTable(rows, { width }).split('\n')) expect(line.length).toBeLessThanOrEqual(width);
    }
  });

  it('gives --json a stable shape with null for what is unknown', () => {
    const filters = filtersOf({ vcpus: '2+', gpus: '0' });
    const json = catalogSearchJson(searchCatalog(catalog, filters), filters, catalog.source);
    expect(json).toMatchObject({ version: 1, region: 'us-east-1', purchase: 'on-demand', matched: 4 });
    expect(json.filters).toEqual({ vcpus: { min: 2, max: null }, gpus: { min: 0, max: 0 } });
    expect(json.rows.at(-1)).toMatchObject({ instanceType: 'new.large', price: null, priceBasis: 'unknown', spotSavingPercent: null, available: null });
    expect(Object.keys(json.rows[0] ?? {})).toEqual(Object.keys(json.rows.at(-1) ?? {}));
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('runs the whole command from raw options', () => {
    const ok = runCatalogSearch(catalog, { gpuModel: 'a100' }, { width: 100 });
    expect(ok.ok && ok.stdout.split('\n')[1]).toMatch(/^p\.8xlarge/);
    const json = runCatalogSearch(catalog, { gpuModel: 'a100' }, { json: true });
    expect(json.ok && (JSON.parse(json.stdout) as { rows: unknown[] }).rows).toHaveLength(1);
    const bad = runCatalogSearch(catalog, { vcpus: 'lots' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.flag)).toEqual(['--vcpus']);
  });
});
