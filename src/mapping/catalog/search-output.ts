import { formatTable } from '../../core/table.js';
import type { TableColumn, TableOptions } from '../../core/table.js';
import { searchCatalog } from './search.js';
import type { CatalogRow, PriceBasis, SearchResult } from './search.js';
import { parseSearchFilters } from './search-filters.js';
import type { CatalogSearchOptions, FilterProblem, SearchFilters } from './search-filters.js';
import type { Catalog, CatalogSource, InstanceType } from './types.js';

const gib = (mib: number) => Number((mib / 1024).toFixed(2));
/** GPU memory the way people say it: 40 GiB, 22 GiB, 2.8 GiB. */
const roundGib = (mib: number) => (mib >= 10 * 1024 ? Math.round(mib / 1024) : Number((mib / 1024).toFixed(1)));

/** `8× a100 40GiB`, `1/8 l4 2.8GiB` for a fractional GPU, `16× inferentia2` for an accelerator, else empty. */
export function describeAccelerators(type: InstanceType): string {
  const { gpu, accelerator } = type;
  if (gpu) {
    const share = gpu.fractional ? (gpu.fraction ? `1/${Math.round(1 / gpu.fraction)}` : 'part of') : `${gpu.count}×`;
    return `${share} ${gpu.model} ${roundGib(gpu.memoryMiB)}GiB`;
  }
  return accelerator ? `${accelerator.count}× ${accelerator.model}` : '';
}

const BASIS_LABEL: Record<PriceBasis, string> = {
  'on-demand': 'on-demand',
  spot: 'spot',
  'spot-estimated': 'spot est.',
  unknown: 'unknown',
};

const formatPrice = (price: number | undefined) => (price === undefined ? 'unknown' : price < 0.01 ? price.toFixed(4) : price.toFixed(3));

const COLUMNS: TableColumn<CatalogRow>[] = [
  { header: 'TYPE', value: (r) => r.type.name, minWidth: 12 },
  { header: 'VCPUS', value: (r) => String(r.type.vcpus), align: 'right' },
  { header: 'MEM GiB', value: (r) => String(gib(r.type.memoryMiB)), align: 'right' },
  { header: 'GPU / ACCEL', value: (r) => describeAccelerators(r.type), minWidth: 10, dropOrder: 5 },
  { header: 'ARCH', value: (r) => r.type.arch, dropOrder: 2 },
  { header: 'EFA', value: (r) => (r.type.efaInterfaces > 0 ? String(r.type.efaInterfaces) : '-'), align: 'right', dropOrder: 3 },
  { header: 'USD/H', value: (r) => formatPrice(r.price), align: 'right' },
  { header: 'PRICE', value: (r) => BASIS_LABEL[r.priceBasis] },
  { header: 'SPOT SAVING', value: (r) => (r.spotSavingPercent === undefined ? '' : `${r.spotSavingPercent}%`), align: 'right', dropOrder: 1 },
  { header: 'INTERRUPTIONS', value: (r) => r.interruption ?? '', dropOrder: 0 },
];

/** The human `catalog search` table; give `width` (the terminal's columns) to fit it. */
export function formatCatalogTable(rows: readonly CatalogRow[], options: TableOptions = {}): string {
  return formatTable(rows, COLUMNS, options);
}

/** Everything `catalog search` prints for people: the table, then the notes and how many rows were cut. */
export function formatCatalogSearch(result: SearchResult, options: TableOptions = {}): string {
  if (result.rows.length === 0) return [`no instance type matches in ${result.region}`, ...result.notes.map((n) => `note: ${n}`)].join('\n');
  const more = result.matched > result.rows.length ? [`(${result.matched - result.rows.length} more; raise --limit to see them)`] : [];
  return [formatCatalogTable(result.rows, options), ...more, ...result.notes.map((n) => `note: ${n}`)].join('\n');
}

export interface CatalogSearchJson {
  version: 1;
  catalog: CatalogSource;
  region: string;
  purchase: SearchResult['purchase'];
  /** The filters as understood (memory in MiB, open range ends as null). */
  filters: Record<string, unknown>;
  matched: number;
  notes: string[];
  rows: {
    instanceType: string;
    vcpus: number;
    memoryMiB: number;
    arch: string;
    gpu: { model: string; maker: string; count: number; memoryMiB: number; fractional: boolean; fraction: number | null } | null;
    accelerator: InstanceType['accelerator'] | null;
    efaInterfaces: number;
    localNvmeGb: number;
    networkMbps: number | null;
    /** USD per hour; null when unknown (see priceNote). */
    price: number | null;
    priceBasis: PriceBasis;
    priceNote: string | null;
    spotSavingPercent: number | null;
    interruption: string | null;
    available: boolean | null;
  }[];
}

/** The `--json` shape: stable keys, null for unknown (JSON has no undefined), open range ends as null. */
export function catalogSearchJson(result: SearchResult, filters: SearchFilters, source: CatalogSource): CatalogSearchJson {
  const { region: _region, purchase: _purchase, ...rest } = filters;
  const openEnds = JSON.parse(JSON.stringify(rest, (_key, value: unknown) => (value === Infinity ? null : value))) as Record<string, unknown>;
  return {
    version: 1,
    catalog: source,
    region: result.region,
    purchase: result.purchase,
    filters: openEnds,
    matched: result.matched,
    notes: result.notes,
    rows: result.rows.map((r) => ({
      instanceType: r.type.name,
      vcpus: r.type.vcpus,
      memoryMiB: r.type.memoryMiB,
      arch: r.type.arch,
      gpu: r.type.gpu ? { ...r.type.gpu, fraction: r.type.gpu.fraction ?? null } : null,
      accelerator: r.type.accelerator ?? null,
      efaInterfaces: r.type.efaInterfaces,
      localNvmeGb: r.type.localNvmeGb,
      networkMbps: r.type.networkMbps ?? null,
      price: r.price ?? null,
      priceBasis: r.priceBasis,
      priceNote: r.priceNote ?? null,
      spotSavingPercent: r.spotSavingPercent ?? null,
      interruption: r.interruption ?? null,
      available: r.available ?? null,
    })),
  };
}

export type CatalogSearchOutcome = { ok: true; stdout: string; notes: FilterProblem[] } | { ok: false; problems: FilterProblem[] };

/**
 * `catalog search` without the command-line plumbing: options in, the text (or JSON) to print out.
 * Bad options come back as problems, each naming its flag (a usage error, exit code 2).
 */
export function runCatalogSearch(catalog: Catalog, options: CatalogSearchOptions, output: { json?: boolean; width?: number } = {}): CatalogSearchOutcome {
  const parsed = parseSearchFilters(options, catalog);
  if (!parsed.ok) return parsed;
  const result = searchCatalog(catalog, parsed.filters);
  const stdout = output.json
    ? `${JSON.stringify(catalogSearchJson(result, parsed.filters, catalog.source), null, 2)}\n`
    : `${formatCatalogSearch(result, output.width === undefined ? {} : { width: output.width })}\n`;
  return { ok: true, stdout, notes: parsed.notes };
}
