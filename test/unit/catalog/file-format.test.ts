import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogData, InstanceFacts } from '../../../src/mapping/catalog/catalog-data.js';
import { decodeCatalogData } from '../../../src/mapping/catalog/decode.js';
import { encodeCatalog, serialiseCatalog } from '../../../src/mapping/catalog/encode.js';
import { catalogFileProblem } from '../../../src/mapping/catalog/file-format.js';
import type { CatalogFile } from '../../../src/mapping/catalog/file-format.js';

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const region = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-south-2', 'ca-central-1');

const facts = (name: string): fc.Arbitrary<InstanceFacts> =>
  fc.record({
    name: fc.constant(name),
    vcpus: fc.integer({ min: 1, max: 896 }),
    memoryMiB: fc.integer({ min: 512, max: 32 * 1024 * 1024 }),
    arch: fc.constantFrom('x86_64' as const, 'arm64' as const),
    cpuMaker: fc.constantFrom('intel', 'amd', 'aws'),
    clockMhz: optional(fc.integer({ min: 1000, max: 5000 })),
    hypervisor: optional(fc.constantFrom('nitro', 'xen')),
    gpu: optional(fc.record({ model: word, maker: word, count: fc.integer({ min: 0, max: 16 }), memoryMiB: fc.integer({ min: 1, max: 300_000 }) })),
    accelerator: optional(fc.record({ model: word, maker: word, count: fc.integer({ min: 1, max: 16 }) })),
    efaInterfaces: fc.integer({ min: 0, max: 32 }),
    localNvmeGb: fc.integer({ min: 0, max: 100_000 }),
    networkMbps: optional(fc.integer({ min: 1, max: 6_400_000 })),
    ebsMbps: optional(fc.integer({ min: 1, max: 100_000 })),
  });

const price = fc.double({ min: 0.0001, max: 200, noNaN: true, noDefaultInfinity: true });

/** Catalog data whose every table refers to described types only (what the encoder keeps). */
const catalogData: fc.Arbitrary<CatalogData> = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,5}\.[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 12 }).chain((names) => {
  const someOf = <V>(value: fc.Arbitrary<V>) => fc.dictionary(fc.constantFrom(...names), value).map((d) => new Map(Object.entries(d)));
  const perRegion = <V>(value: fc.Arbitrary<V>) => fc.dictionary(region, value).map((d) => new Map(Object.entries(d)));
  return fc.record({
    generatedAt: fc.constant('2026-11-23'),
    sources: fc.constant([{ file: 'x.tsv', what: 'facts', origin: 'test', asOf: '2026' }]),
    facts: fc.tuple(...names.map(facts)),
    onDemand: perRegion(someOf(price)),
    spotAdvisor: fc.record({
      bands: fc.constant(['<5%', '5-10%', '10-15%', '15-20%', '>20%']),
      regions: perRegion(someOf(fc.record({ savingPercent: fc.integer({ min: -90, max: 90 }), band: fc.integer({ min: 0, max: 4 }) }))),
    }),
    spotPrices: perRegion(
      fc.record({
        observedAt: fc.constant('2026-11-23T12:00:00.000Z'),
        prices: someOf(fc.dictionary(fc.stringMatching(/^[a-z]{2}-[a-z]+-\d[a-f]$/), price, { minKeys: 1 }).map((d) => new Map(Object.entries(d)))),
      }),
    ),
    offerings: perRegion(fc.subarray(names).map((s) => new Set(s))),
  });
});

const byName = (a: InstanceFacts, b: InstanceFacts) => (a.name < b.name ? -1 : 1);

describe('the catalog file format', () => {
  it('decodes to exactly what was encoded, and the encoded file passes its own check', () => {
    fc.assert(
      fc.property(catalogData, (data) => {
        const file = encodeCatalog(data);
        expect(catalogFileProblem(file)).toBeUndefined();
        const back = decodeCatalogData(JSON.parse(serialiseCatalog(file)) as CatalogFile);
        expect(back.facts).toEqual([...data.facts].sort(byName));
        expect(back.onDemand).toEqual(data.onDemand);
        expect(back.spotAdvisor).toEqual(data.spotAdvisor);
        expect(back.spotPrices).toEqual(data.spotPrices);
        expect(back.offerings).toEqual(data.offerings);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the order data arrives in does not change the bytes', () => {
    fc.assert(
      fc.property(catalogData, (data) => {
        const reversed = { ...data, facts: [...data.facts].reverse() };
        expect(serialiseCatalog(encodeCatalog(reversed))).toBe(serialiseCatalog(encodeCatalog(data)));
      }),
      { numRuns: 50 },
    );
  });

  it('leaves out prices and advice for types it has no facts for', () => {
    const file = encodeCatalog({
      generatedAt: '2026-11-23',
      sources: [],
      facts: [],
      onDemand: new Map([['us-east-1', new Map([['p3.2xlarge', 3.06]])]]),
      spotAdvisor: { bands: ['<5%'], regions: new Map([['us-east-1', new Map([['p3.2xlarge', { savingPercent: 70, band: 0 }]])]]) },
      spotPrices: new Map(),
      offerings: new Map([['us-east-1', new Set(['p3.2xlarge'])]]),
    });
    expect(file.onDemand['us-east-1']).toEqual([]);
    expect(file.spotAdvisor.regions['us-east-1']).toBe('');
    expect(file.offerings['us-east-1']).toEqual([]);
  });

  describe('catalogFileProblem finds damage a reader must not trust', () => {
    const sample = () =>
      encodeCatalog({
        generatedAt: '2026-11-23',
        sources: [],
        facts: [
          {
            name: 'a.large',
            vcpus: 2,
            memoryMiB: 4096,
            arch: 'x86_64',
            cpuMaker: 'intel',
            clockMhz: 3000,
            hypervisor: 'nitro',
            gpu: { model: 'l4', maker: 'nvidia', count: 1, memoryMiB: 22888 },
            accelerator: undefined,
            efaInterfaces: 0,
            localNvmeGb: 0,
            networkMbps: 750,
            ebsMbps: 4750,
          },
        ],
        onDemand: new Map([['us-east-1', new Map([['a.large', 0.1]])]]),
        spotAdvisor: { bands: ['<5%'], regions: new Map([['us-east-1', new Map([['a.large', { savingPercent: 50, band: 0 }]])]]) },
        spotPrices: new Map([['us-east-1', { observedAt: '2026-11-23T00:00:00Z', prices: new Map([['a.large', new Map([['us-east-1a', 0.03]])]]) }]]),
        offerings: new Map([['us-east-1', new Set(['a.large'])]]),
      });

    it('accepts the undamaged sample', () => expect(catalogFileProblem(sample())).toBeUndefined());

    it('lets advice for a type index out of range through, and the reader ignores it', () => {
      // Checking every region's advice on each load would cost more than the load itself.
      const file = sample();
      file.spotAdvisor.regions['us-east-1'] = '0,50,0,5,70,1';
      expect(catalogFileProblem(file)).toBeUndefined();
      expect([...(decodeCatalogData(file).spotAdvisor.regions.get('us-east-1')?.keys() ?? [])]).toEqual(['a.large']);
    });

    it.each<[string, (f: CatalogFile) => void]>([
      ['a short column', (f) => f.types.vcpus.pop()],
      ['a dictionary index out of range', (f) => (f.types.arch[0] = 99)],
      ['a GPU entry for a type that does not exist', (f) => ((f.gpus[0] as number[])[0] = 7)],
      ['advice that is not numbers', (f) => (f.spotAdvisor.regions['us-east-1'] = '0,fifty,0')],
      ['advice that is not triples', (f) => (f.spotAdvisor.regions['us-east-1'] = '0,50')],
      ['a spot price in an unknown zone', (f) => ((f.spotPrices['us-east-1'] as { entries: string }).entries = '0,3,0.03')],
      ['a price list of the wrong length', (f) => f.onDemand['us-east-1']?.push(0.2)],
      ['a negative price', (f) => (f.onDemand['us-east-1'] = [-1])],
      ['a text where a number belongs', (f) => ((f.types.memoryMiB as unknown[])[0] = '4096')],
      ['an unparseable refresh time', (f) => (f.refresh = { refreshedAt: 'yesterday', regions: [] })],
    ])('%s', (_what, damage) => {
      const file = sample();
      damage(file);
      expect(catalogFileProblem(JSON.parse(JSON.stringify(file)))).toEqual(expect.any(String));
    });
  });
});
