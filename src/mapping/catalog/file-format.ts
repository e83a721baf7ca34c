import type { SourceStamp } from './types.js';

/**
 * The serialised catalog: the embedded `embedded-catalog.json` and the refreshed cache share it.
 * It is columnar (one array per field, aligned by type index) with repeated strings in a dictionary,
 * because the file is parsed on every `estimate`/`convert` run and one object per type and region
 * would triple its size.
 */
export const CATALOG_FORMAT = 'spawn-slurm-ec2-catalog';
export const CATALOG_FORMAT_VERSION = 1;

export interface TypeColumns {
  name: string[];
  vcpus: number[];
  memoryMiB: number[];
  /** Dictionary indices. */
  arch: number[];
  cpuMaker: number[];
  clockMhz: (number | null)[];
  /** Dictionary index; null on bare metal. */
  hypervisor: (number | null)[];
  efaInterfaces: number[];
  localNvmeGb: number[];
  networkMbps: (number | null)[];
  ebsMbps: (number | null)[];
}

/** `[typeIndex, model, maker, count, memoryMiB per GPU]`; model and maker are dictionary indices. */
export type GpuEntry = [number, number, number, number, number];
/** `[typeIndex, model, maker, count]`; model and maker are dictionary indices. */
export type AcceleratorEntry = [number, number, number, number];

/**
 * Numbers in a comma-separated string, read as a flat list of triples. Per-region tables are stored
 * this way because JSON.parse reads one string far faster than thousands of numbers, and a run only
 * unpacks the one or two regions it asks about.
 */
export type PackedTriples = string;

export function packTriples(numbers: readonly number[]): PackedTriples {
  return numbers.join(',');
}

export function unpackTriples(packed: PackedTriples): number[] {
  return packed === '' ? [] : packed.split(',').map(Number);
}

export interface SpotPriceTable {
  /** When the prices were read (DescribeSpotPriceHistory with StartTime = this time). */
  observedAt: string;
  zones: string[];
  /** `(typeIndex, zoneIndex, usdPerHour)` triples. */
  entries: PackedTriples;
}

export interface RefreshStamp {
  refreshedAt: string;
  regions: string[];
}

export interface CatalogFile {
  format: typeof CATALOG_FORMAT;
  version: typeof CATALOG_FORMAT_VERSION;
  /** `YYYY-MM-DD` the embedded part was generated from the fact tables. */
  generatedAt: string;
  sources: SourceStamp[];
  /** Present only in a cache written by `catalog refresh`. */
  refresh?: RefreshStamp;
  dictionary: string[];
  types: TypeColumns;
  gpus: GpuEntry[];
  accelerators: AcceleratorEntry[];
  /** Region → Linux on-demand USD/h aligned with `types.name` (null: unknown). */
  onDemand: Record<string, (number | null)[]>;
  spotAdvisor: {
    /** Interruption-band labels by band index. */
    bands: string[];
    /** Region → `(typeIndex, savingPercent, bandIndex)` triples. */
    regions: Record<string, PackedTriples>;
  };
  /** Region → real spot prices (refreshed regions only). */
  spotPrices: Record<string, SpotPriceTable>;
  /** Region → indices of the types offered there (refreshed regions only). */
  offerings: Record<string, number[]>;
}

const TYPE_COLUMNS: readonly (keyof TypeColumns)[] = ['name', 'vcpus', 'memoryMiB', 'arch', 'cpuMaker', 'clockMhz', 'hypervisor', 'efaInterfaces', 'localNvmeGb', 'networkMbps', 'ebsMbps'];
const NULLABLE_COLUMNS = new Set<keyof TypeColumns>(['clockMhz', 'hypervisor', 'networkMbps', 'ebsMbps']);

/** `(typeIndex, savingPercent, band)` triples; the saving can be negative. */
const ADVICE_SHAPE = /^(?:\d+,-?\d+,\d+(?:,(?=\d)|$))*$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));

/**
 * Checks the shape of a catalog read from disk (a cache someone may have truncated or hand-edited).
 * Returns a reason when it cannot be used. Cheap enough to run on every load: it checks structure and
 * index bounds, not every fact.
 */
export function catalogFileProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not a JSON object';
  if (value['format'] !== CATALOG_FORMAT) return `not a spawn-slurm catalog (format is ${JSON.stringify(value['format'])})`;
  if (value['version'] !== CATALOG_FORMAT_VERSION) {
    return `catalog format version ${JSON.stringify(value['version'])}, this spawn-slurm reads version ${CATALOG_FORMAT_VERSION}`;
  }
  if (typeof value['generatedAt'] !== 'string' || !Array.isArray(value['sources'])) return 'missing generatedAt or sources';
  const dictionary = value['dictionary'];
  if (!Array.isArray(dictionary) || !dictionary.every((s) => typeof s === 'string')) return 'bad dictionary';
  const types = value['types'];
  if (!isRecord(types)) return 'missing types';
  const names = types['name'];
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return 'bad types.name';
  const count = names.length;
  for (const column of TYPE_COLUMNS) {
    const cells = types[column];
    if (column === 'name') continue;
    if (!Array.isArray(cells) || cells.length !== count) return `types.${column} does not have ${count} entries`;
    const nullable = NULLABLE_COLUMNS.has(column);
    if (!cells.every((c) => (c === null ? nullable : typeof c === 'number'))) return `bad value in types.${column}`;
  }
  const inTypes = (i: number) => Number.isInteger(i) && i >= 0 && i < count;
  const inDictionary = (i: number) => Number.isInteger(i) && i >= 0 && i < dictionary.length;
  for (const key of ['arch', 'cpuMaker', 'hypervisor'] as const) {
    if (!(types[key] as (number | null)[]).every((c) => c === null || inDictionary(c))) return `types.${key} outside the dictionary`;
  }
  for (const [key, width] of [
    ['gpus', 5],
    ['accelerators', 4],
  ] as const) {
    const entries = value[key];
    if (!Array.isArray(entries)) return `missing ${key}`;
    for (const entry of entries) {
      if (!isNumberArray(entry) || entry.length !== width) return `bad entry in ${key}`;
      if (!inTypes(entry[0] as number) || !inDictionary(entry[1] as number) || !inDictionary(entry[2] as number)) {
        return `${key} entry refers outside the catalog`;
      }
    }
  }
  const onDemand = value['onDemand'];
  if (!isRecord(onDemand)) return 'missing onDemand';
  for (const [region, prices] of Object.entries(onDemand)) {
    if (!Array.isArray(prices) || prices.length !== count || !prices.every((p) => p === null || (typeof p === 'number' && p >= 0))) {
      return `bad onDemand prices for ${region}`;
    }
  }
  const advisor = value['spotAdvisor'];
  if (!isRecord(advisor) || !Array.isArray(advisor['bands']) || !isRecord(advisor['regions'])) return 'missing spotAdvisor';
  // 33 regions of advice are too many to unpack on every load just to check them: their shape is
  // checked here, and the reader ignores an entry whose type index is out of range.
  for (const [region, packed] of Object.entries(advisor['regions'])) {
    if (typeof packed !== 'string' || !ADVICE_SHAPE.test(packed)) return `bad spotAdvisor data for ${region}`;
  }
  const spotPrices = value['spotPrices'];
  if (!isRecord(spotPrices)) return 'missing spotPrices';
  for (const [region, table] of Object.entries(spotPrices)) {
    if (!isRecord(table) || typeof table['observedAt'] !== 'string') return `bad spot prices for ${region}`;
    const zones = table['zones'];
    if (!Array.isArray(zones) || !zones.every((z) => typeof z === 'string')) return `bad spot zones for ${region}`;
    const entries = typeof table['entries'] === 'string' ? unpackTriples(table['entries']) : undefined;
    const zoneCount = zones.length;
    if (!isNumberArray(entries) || entries.length % 3 !== 0) return `bad spot prices for ${region}`;
    for (let i = 0; i < entries.length; i += 3) {
      const zone = entries[i + 1] as number;
      if (!inTypes(entries[i] as number) || !Number.isInteger(zone) || zone < 0 || zone >= zoneCount) {
        return `spot prices for ${region} refer outside the catalog`;
      }
      if (!((entries[i + 2] as number) >= 0)) return `negative spot price for ${region}`;
    }
  }
  const offerings = value['offerings'];
  if (!isRecord(offerings)) return 'missing offerings';
  for (const [region, indices] of Object.entries(offerings)) {
    if (!isNumberArray(indices) || !indices.every(inTypes)) return `bad offerings for ${region}`;
  }
  const refresh = value['refresh'];
  if (refresh !== undefined) {
    if (!isRecord(refresh) || typeof refresh['refreshedAt'] !== 'string' || Number.isNaN(Date.parse(refresh['refreshedAt']))) {
      return 'bad refresh stamp';
    }
    if (!Array.isArray(refresh['regions']) || !refresh['regions'].every((r) => typeof r === 'string')) return 'bad refresh regions';
  }
  return undefined;
}
