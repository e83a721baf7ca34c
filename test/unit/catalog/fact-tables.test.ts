import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEmbeddedCatalog, FACT_FILES } from '../../../src/mapping/catalog/build-embedded.js';
import type { FactTablesText } from '../../../src/mapping/catalog/build-embedded.js';
import { readInstanceTypesTsv, readOnDemandTsv, readSourceStamps, readSpotAdvisor } from '../../../src/mapping/catalog/fact-tables.js';

const dataDir = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const HEADER =
  'instance_type\tfamily\tcategory\tgeneration\tsize\tvcpu\tmemory_mib\tarch\tcpu_manufacturer\tclock_mhz\thypervisor\tgpu_name\tgpu_count\tgpu_memory_mib\tgpu_manufacturer\taccelerator_name\taccelerator_count\taccelerator_manufacturer\tefa_interfaces\tlocal_nvme_gb\tnetwork_mbps\tebs_mbps\tflex';
const row = (cells: Record<string, string>) => {
  const base: Record<string, string> = {
    instance_type: 'm5.large',
    family: 'm5',
    category: 'm',
    generation: '5',
    size: 'large',
    vcpu: '2',
    memory_mib: '8192',
    arch: 'x86_64',
    cpu_manufacturer: 'intel',
    clock_mhz: '3100',
    hypervisor: 'nitro',
    gpu_name: '',
    gpu_count: '',
    gpu_memory_mib: '',
    gpu_manufacturer: '',
    accelerator_name: '',
    accelerator_count: '',
    accelerator_manufacturer: '',
    efa_interfaces: '',
    local_nvme_gb: '',
    network_mbps: '750',
    ebs_mbps: '4750',
    flex: 'false',
    ...cells,
  };
  return HEADER.split('\t')
    .map((column) => base[column])
    .join('\t');
};

describe('reading the fact tables', () => {
  it('reads a row, with blanks as none or unknown', () => {
    const { value, problems } = readInstanceTypesTsv([HEADER, row({ network_mbps: '' })].join('\n'));
    expect(problems).toEqual([]);
    expect(value).toEqual([
      {
        name: 'm5.large',
        vcpus: 2,
        memoryMiB: 8192,
        arch: 'x86_64',
        cpuMaker: 'intel',
        clockMhz: 3100,
        hypervisor: 'nitro',
        gpu: undefined,
        accelerator: undefined,
        efaInterfaces: 0,
        localNvmeGb: 0,
        networkMbps: undefined,
        ebsMbps: 4750,
      },
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['a missing column', `${HEADER.replace('\tflex', '')}\n${row({})}`, /missing column\(s\) flex/],
    ['a bad number', `${HEADER}\n${row({ vcpu: 'two' })}`, /vcpu is not a number: "two"/],
    ['an unknown architecture', `${HEADER}\n${row({ arch: 'sparc' })}`, /unknown architecture "sparc"/],
    ['a family that disagrees with the name', `${HEADER}\n${row({ family: 'm6' })}`, /family\/size columns disagree/],
    ['a flex flag that disagrees with the name', `${HEADER}\n${row({ flex: 'true' })}`, /flex column disagrees/],
    ['a short row', `${HEADER}\nm5.large\tm5`, /2 cells, the header has 23/],
  ])('reports %s', (_what, text, problem) => {
    expect(readInstanceTypesTsv(text).problems.join('\n')).toMatch(problem);
  });

  it('reports a type listed twice and a bad price', () => {
    expect(readInstanceTypesTsv([HEADER, row({}), row({})].join('\n')).problems).toEqual(['ec2-instance-types.tsv m5.large: listed twice']);
    expect(readOnDemandTsv('region\tinstance_type\tusd_per_hour\nus-east-1\tm5.large\tfree').problems).toEqual(['ec2-ondemand-us-east-1.tsv us-east-1 m5.large: bad price "free"']);
  });

  it('reads only the Linux advice and refuses a band the ranges do not define', () => {
    const advisor = readSpotAdvisor(
      JSON.stringify({
        ranges: [{ index: 0, label: '<5%' }],
        spot_advisor: { 'eu-west-1': { Linux: { 'm5.large': { s: 60, r: 0 }, 'c5.large': { s: 50, r: 3 } }, Windows: { 'm5.large': { s: 10, r: 0 } } } },
      }),
    );
    expect(advisor.value.bands).toEqual(['<5%']);
    expect(Object.fromEntries(advisor.value.regions.get('eu-west-1') ?? [])).toEqual({ 'm5.large': { savingPercent: 60, band: 0 } });
    expect(advisor.problems).toEqual(['spot-advisor.json eu-west-1 c5.large: expected {"s": saving, "r": band}']);
    expect(readSpotAdvisor('{').problems[0]).toMatch(/not JSON/);
  });

  it('takes each source’s date from the README’s "as of" column', () => {
    const readme = [
      '| file | what | source (license) | as of |',
      '|---|---|---|---|',
      '| `a.tsv` | things: more | somewhere (MIT) | generated 2026-07-20 |',
      '| `b.json` | stuff | elsewhere | 2025 |',
    ].join('\n');
    expect(readSourceStamps(readme, ['a.tsv', 'b.json']).value).toEqual([
      { file: 'a.tsv', what: 'things', origin: 'somewhere (MIT)', asOf: '2026-07-20' },
      { file: 'b.json', what: 'stuff', origin: 'elsewhere', asOf: '2025' },
    ]);
    expect(readSourceStamps(readme, ['c.tsv']).problems).toEqual(['README.md: no "as of" date for c.tsv']);
  });
});

describe('buildEmbeddedCatalog on ../shared/data', () => {
  it('finds no problem and names the priced types it had to leave out for want of facts', async () => {
    const tables = Object.fromEntries(
      await Promise.all(Object.entries(FACT_FILES).map(async ([key, file]) => [key, await readFile(join(dataDir, file), 'utf8')] as const)),
    ) as FactTablesText;
    const build = buildEmbeddedCatalog(tables, '2026-11-23');
    expect(build.problems).toEqual([]);
    expect(build.droppedWithoutFacts.priced).toEqual(expect.arrayContaining(['p3.2xlarge', 'p2.xlarge', 'g3.4xlarge']));
    expect(buildEmbeddedCatalog(tables, '23/11/2026').problems).toEqual(['generation date must be YYYY-MM-DD, got "23/11/2026"']);
  });
});
