import { normaliseAcceleratorModel, normaliseGpuModel } from './gpu-model.js';
import type { AdvisorEntry, InstanceFacts } from './catalog-data.js';
import type { Architecture, SourceStamp } from './types.js';

/**
 * Readers for the fact tables in `../shared/data` (see its README): the instance-type table, the
 * us-east-1 on-demand prices, the Spot Instance Advisor dump and the README's provenance table.
 * Each returns what it could read plus a list of problems; the generator refuses to write a catalog
 * from tables with problems.
 */
export interface TableRead<T> {
  value: T;
  problems: string[];
}

function readTsv(text: string, required: readonly string[], file: string): TableRead<Record<string, string>[]> {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) return { value: [], problems: [`${file}: missing column(s) ${missing.join(', ')}`] };
  const problems: string[] = [];
  const rows = lines.slice(1).flatMap((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      problems.push(`${file} line ${i + 2}: ${cells.length} cells, the header has ${header.length}`);
      return [];
    }
    return [Object.fromEntries(header.map((column, c) => [column, (cells[c] as string).trim()]))];
  });
  return { value: rows, problems };
}

const INSTANCE_COLUMNS = [
  'instance_type',
  'family',
  'size',
  'vcpu',
  'memory_mib',
  'arch',
  'cpu_manufacturer',
  'clock_mhz',
  'hypervisor',
  'gpu_name',
  'gpu_count',
  'gpu_memory_mib',
  'gpu_manufacturer',
  'accelerator_name',
  'accelerator_count',
  'accelerator_manufacturer',
  'efa_interfaces',
  'local_nvme_gb',
  'network_mbps',
  'ebs_mbps',
  'flex',
] as const;

const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];

/** `ec2-instance-types.tsv`. Blank cells mean "none" (GPU, EFA, NVMe) or "unknown" (clock, bandwidth). */
export function readInstanceTypesTsv(text: string, file = 'ec2-instance-types.tsv'): TableRead<InstanceFacts[]> {
  const table = readTsv(text, INSTANCE_COLUMNS, file);
  const problems = [...table.problems];
  const seen = new Set<string>();
  const facts: InstanceFacts[] = [];
  for (const row of table.value) {
    const name = row['instance_type'] as string;
    const where = `${file} ${name}`;
    const number = (column: string, blank: number | undefined): number | undefined => {
      const cell = row[column] as string;
      if (cell === '') return blank;
      const value = Number(cell);
      if (!Number.isFinite(value) || value < 0) {
        problems.push(`${where}: ${column} is not a number: ${JSON.stringify(cell)}`);
        return blank;
      }
      return value;
    };
    if (seen.has(name)) problems.push(`${where}: listed twice`);
    seen.add(name);
    const arch = row['arch'] as Architecture;
    if (!ARCHITECTURES.includes(arch)) problems.push(`${where}: unknown architecture ${JSON.stringify(arch)}`);
    const [family, size] = name.split('.');
    // Family, size and flex are derived from the name at load time; make sure that agrees with the table.
    if (family !== row['family'] || size !== row['size']) problems.push(`${where}: family/size columns disagree with the name`);
    if ((row['flex'] === 'true') !== (family ?? '').endsWith('-flex')) problems.push(`${where}: flex column disagrees with the name`);
    const clock = number('clock_mhz', undefined);
    const gpuName = row['gpu_name'] as string;
    const acceleratorName = row['accelerator_name'] as string;
    const fact: InstanceFacts = {
      name,
      vcpus: number('vcpu', undefined) ?? 0,
      memoryMiB: number('memory_mib', undefined) ?? 0,
      arch,
      cpuMaker: (row['cpu_manufacturer'] as string).toLowerCase(),
      // c1 types list a clock of 0: unknown, not zero.
      clockMhz: clock === 0 ? undefined : clock,
      hypervisor: row['hypervisor'] === '' ? undefined : row['hypervisor'],
      gpu:
        gpuName === ''
          ? undefined
          : {
              model: normaliseGpuModel(gpuName),
              maker: (row['gpu_manufacturer'] as string).toLowerCase(),
              count: number('gpu_count', 0) as number,
              memoryMiB: number('gpu_memory_mib', 0) as number,
            },
      accelerator:
        acceleratorName === ''
          ? undefined
          : {
              model: normaliseAcceleratorModel(acceleratorName),
              maker: (row['accelerator_manufacturer'] as string).toLowerCase(),
              count: number('accelerator_count', 0) as number,
            },
      efaInterfaces: number('efa_interfaces', 0) as number,
      localNvmeGb: number('local_nvme_gb', 0) as number,
      networkMbps: number('network_mbps', undefined),
      ebsMbps: number('ebs_mbps', undefined),
    };
    if (fact.vcpus <= 0 || fact.memoryMiB <= 0) problems.push(`${where}: no vCPUs or memory`);
    facts.push(fact);
  }
  return { value: facts, problems };
}

/** `ec2-ondemand-us-east-1.tsv`: region → type → USD/h. */
export function readOnDemandTsv(text: string, file = 'ec2-ondemand-us-east-1.tsv'): TableRead<Map<string, Map<string, number>>> {
  const table = readTsv(text, ['region', 'instance_type', 'usd_per_hour'], file);
  const problems = [...table.problems];
  const prices = new Map<string, Map<string, number>>();
  for (const row of table.value) {
    const region = row['region'] as string;
    const type = row['instance_type'] as string;
    const price = Number(row['usd_per_hour']);
    if (!Number.isFinite(price) || price <= 0) {
      problems.push(`${file} ${region} ${type}: bad price ${JSON.stringify(row['usd_per_hour'])}`);
      continue;
    }
    let byType = prices.get(region);
    if (!byType) {
      byType = new Map();
      prices.set(region, byType);
    }
    if (byType.has(type)) problems.push(`${file} ${region} ${type}: priced twice`);
    byType.set(type, price);
  }
  return { value: prices, problems };
}

export interface SpotAdvisorTable {
  bands: string[];
  regions: Map<string, Map<string, AdvisorEntry>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `spot-advisor.json`: only the Linux figures (spawn-slurm runs Linux). */
export function readSpotAdvisor(text: string, file = 'spot-advisor.json'): TableRead<SpotAdvisorTable> {
  const empty: SpotAdvisorTable = { bands: [], regions: new Map() };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { value: empty, problems: [`${file}: not JSON (${(error as Error).message})`] };
  }
  if (!isRecord(json) || !Array.isArray(json['ranges']) || !isRecord(json['spot_advisor'])) {
    return { value: empty, problems: [`${file}: expected "ranges" and "spot_advisor"`] };
  }
  const problems: string[] = [];
  const bands: string[] = [];
  for (const range of json['ranges']) {
    if (!isRecord(range) || typeof range['index'] !== 'number' || typeof range['label'] !== 'string') {
      problems.push(`${file}: bad entry in ranges`);
      continue;
    }
    bands[range['index']] = range['label'];
  }
  const regions = new Map<string, Map<string, AdvisorEntry>>();
  for (const [region, byOs] of Object.entries(json['spot_advisor'])) {
    const linux = isRecord(byOs) ? byOs['Linux'] : undefined;
    if (!isRecord(linux)) {
      problems.push(`${file} ${region}: no Linux figures`);
      continue;
    }
    const entries = new Map<string, AdvisorEntry>();
    for (const [type, entry] of Object.entries(linux)) {
      const s = isRecord(entry) ? entry['s'] : undefined;
      const r = isRecord(entry) ? entry['r'] : undefined;
      if (typeof s !== 'number' || typeof r !== 'number' || bands[r] === undefined) {
        problems.push(`${file} ${region} ${type}: expected {"s": saving, "r": band}`);
        continue;
      }
      entries.set(type, { savingPercent: s, band: r });
    }
    regions.set(region, entries);
  }
  return { value: { bands, regions }, problems };
}

/**
 * The README's provenance table (`| file | what | source | as of |`), so a newer snapshot brings its
 * own dates. The date is the first `YYYY-MM-DD` (or bare year) in the "as of" cell.
 */
export function readSourceStamps(readme: string, files: readonly string[]): TableRead<SourceStamp[]> {
  const rows = new Map<string, SourceStamp>();
  for (const line of readme.split(/\r?\n/)) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const file = (cells[0] ?? '').replace(/`/g, '');
    if (cells.length < 4 || !files.includes(file)) continue;
    const asOf = /\d{4}-\d{2}-\d{2}|\b\d{4}\b/.exec(cells[3] as string)?.[0];
    if (asOf) rows.set(file, { file, what: (cells[1] as string).split(':')[0] as string, origin: (cells[2] as string).replace(/`/g, ''), asOf });
  }
  const missing = files.filter((file) => !rows.has(file));
  return {
    value: files.flatMap((file) => rows.get(file) ?? []),
    problems: missing.map((file) => `README.md: no "as of" date for ${file}`),
  };
}
