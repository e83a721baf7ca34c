import { suggest } from '../../util/suggest.js';
import { note } from '../../parser/values/result.js';
import type { ValueProblem } from '../../parser/values/result.js';
import { normaliseGpuModel } from './gpu-model.js';
import { EMBEDDED_PRICE_REGION } from './fact-files.js';
import type { Architecture, Catalog, PurchaseOption } from './types.js';

/** `catalog search` options as the command line hands them over (strings, or booleans for switches). */
export interface CatalogSearchOptions {
  vcpus?: string | number;
  memory?: string | number;
  gpus?: string | number;
  gpuModel?: string;
  arch?: string;
  efa?: boolean | string;
  maxPrice?: string | number;
  region?: string;
  spot?: boolean;
  limit?: string | number;
}

/** Inclusive bounds; an open end is ±Infinity. */
export interface NumberRange {
  min: number;
  max: number;
}

export interface SearchFilters {
  vcpus?: NumberRange;
  memoryMiB?: NumberRange;
  /** Whole GPUs, or the share of one for fractional types (g6f.large has 0.125). */
  gpus?: NumberRange;
  /** Normalised models; a type matches when its GPU is any of them. */
  gpuModels?: string[];
  arch?: Architecture;
  efa?: boolean;
  /** USD per hour for the chosen purchase option. */
  maxPrice?: number;
  region: string;
  purchase: PurchaseOption;
  limit?: number;
}

/** A bad filter value: names the flag and what it expects. */
export interface FilterProblem extends ValueProblem {
  flag: string;
}

export type ParsedFilters = { ok: true; filters: SearchFilters; notes: FilterProblem[] } | { ok: false; problems: FilterProblem[] };

const problem = (flag: string, message: string, hint?: string): FilterProblem => ({
  ...note('invalid-catalog-filter', 'error', `${flag}: ${message}`, hint),
  flag,
});

type Quantity = (text: string) => number | undefined;

const plainNumber: Quantity = (text) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined);
const wholeNumber: Quantity = (text) => (/^\d+$/.test(text) ? Number(text) : undefined);

const MIB_PER_UNIT: Record<string, number> = { m: 1, mb: 1, mib: 1, g: 1024, gb: 1024, gib: 1024, t: 1024 ** 2, tb: 1024 ** 2, tib: 1024 ** 2 };
/** Memory in MiB; a bare number is GiB. GB is read as GiB, as Slurm and most users mean it. */
const memoryMiB: Quantity = (text) => {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  if (!match) return undefined;
  const perUnit = MIB_PER_UNIT[(match[2] || 'gib').toLowerCase()];
  return perUnit === undefined ? undefined : Number(match[1]) * perUnit;
};

/**
 * `N` (exact, or at least N when `bareIsMinimum`), `N-M`, `N+`, `N-`, `>=N`, `<=M`.
 * Returns undefined when the text fits none of these.
 */
function parseRange(text: string, quantity: Quantity, bareIsMinimum: boolean): NumberRange | undefined {
  const t = text.trim();
  const atLeast = /^>=\s*(.+)$/.exec(t) ?? /^(.+?)\s*[+-]$/.exec(t);
  if (atLeast) {
    const min = quantity(atLeast[1] as string);
    return min === undefined ? undefined : { min, max: Infinity };
  }
  const atMost = /^<=\s*(.+)$/.exec(t);
  if (atMost) {
    const max = quantity(atMost[1] as string);
    return max === undefined ? undefined : { min: 0, max };
  }
  const between = /^(.+?)\s*-\s*(.+)$/.exec(t);
  if (between) {
    const min = quantity(between[1] as string);
    const max = quantity(between[2] as string);
    return min === undefined || max === undefined ? undefined : { min, max };
  }
  const value = quantity(t);
  if (value === undefined) return undefined;
  return bareIsMinimum ? { min: value, max: Infinity } : { min: value, max: value };
}

const ARCH_SPELLINGS: Record<string, Architecture> = {
  x86_64: 'x86_64',
  'x86-64': 'x86_64',
  amd64: 'x86_64',
  x64: 'x86_64',
  intel: 'x86_64',
  arm64: 'arm64',
  aarch64: 'arm64',
  arm: 'arm64',
  graviton: 'arm64',
};

const BOOLEAN_SPELLINGS: Record<string, boolean> = { true: true, yes: true, '1': true, on: true, false: false, no: false, '0': false, off: false };

const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Reads and checks the `catalog search` options. Every bad value is reported (not just the first), each
 * naming its flag and the accepted forms. `catalog` supplies the GPU models and regions it knows.
 */
export function parseSearchFilters(raw: CatalogSearchOptions, catalog: Catalog): ParsedFilters {
  const problems: FilterProblem[] = [];
  const notes: FilterProblem[] = [];
  const region = (raw.region ?? EMBEDDED_PRICE_REGION).trim();
  const filters: SearchFilters = { region, purchase: raw.spot ? 'spot' : 'on-demand' };

  const range = (flag: string, value: string | number | undefined, quantity: Quantity, bareIsMinimum: boolean, expected: string) => {
    if (value === undefined) return undefined;
    const parsed = parseRange(String(value), quantity, bareIsMinimum);
    if (!parsed) {
      problems.push(problem(flag, `expected ${expected}, got ${JSON.stringify(String(value))}`));
      return undefined;
    }
    if (parsed.min > parsed.max) {
      problems.push(problem(flag, `the range ${JSON.stringify(String(value))} is empty: its minimum is above its maximum`));
      return undefined;
    }
    return parsed;
  };

  const vcpus = range('--vcpus', raw.vcpus, wholeNumber, false, 'a vCPU count (8), a minimum (8+) or a range (4-16)');
  if (vcpus) filters.vcpus = vcpus;
  const memory = range('--memory', raw.memory, memoryMiB, true, 'a minimum (16, 16GiB, 512MiB) or a range (16-64, 512MiB-2GiB); a bare number is GiB');
  if (memory) filters.memoryMiB = memory;
  const gpus = range('--gpus', raw.gpus, plainNumber, false, 'a GPU count (1), a minimum (1+) or a range (1-8)');
  if (gpus) filters.gpus = gpus;

  if (raw.gpuModel !== undefined) {
    const known = new Set(catalog.types().flatMap((t) => (t.gpu ? [t.gpu.model] : [])));
    const wanted = raw.gpuModel
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (wanted.length === 0) problems.push(problem('--gpu-model', 'expected a GPU model such as a100, h100 or l4'));
    const models: string[] = [];
    for (const spelling of wanted) {
      const model = normaliseGpuModel(spelling);
      if (known.has(model)) {
        models.push(model);
        continue;
      }
      const close = suggest(model, known);
      problems.push(
        problem(
          '--gpu-model',
          `no instance type in the catalog has a ${JSON.stringify(spelling)} GPU`,
          close.length > 0 ? `did you mean ${close.join(', ')}?` : `known models: ${[...known].sort().join(', ')}`,
        ),
      );
    }
    if (models.length > 0) filters.gpuModels = models;
  }

  if (raw.arch !== undefined) {
    const arch = ARCH_SPELLINGS[raw.arch.trim().toLowerCase()];
    if (arch) filters.arch = arch;
    else problems.push(problem('--arch', `expected x86_64 or arm64 (also amd64, aarch64), got ${JSON.stringify(raw.arch)}`));
  }

  if (raw.efa !== undefined) {
    const efa = typeof raw.efa === 'boolean' ? raw.efa : BOOLEAN_SPELLINGS[raw.efa.trim().toLowerCase()];
    if (efa === undefined) problems.push(problem('--efa', `expected true or false, got ${JSON.stringify(raw.efa)}`));
    else filters.efa = efa;
  }

  if (raw.maxPrice !== undefined) {
    const price = plainNumber(String(raw.maxPrice).trim().replace(/^\$/, ''));
    if (price === undefined || price <= 0) {
      problems.push(problem('--max-price', `expected a price in USD per hour above 0 (0.5, $1.20), got ${JSON.stringify(String(raw.maxPrice))}`));
    } else filters.maxPrice = price;
  }

  if (!REGION_SHAPE.test(region)) {
    problems.push(problem('--region', `expected an AWS region name such as us-east-1 or eu-west-1, got ${JSON.stringify(raw.region)}`));
  } else if (!catalog.regions().includes(region)) {
    notes.push({
      ...note(
        'unknown-catalog-region',
        'warning',
        `--region: the catalog knows nothing about ${region}: no prices, no spot data`,
        `run \`spawn-slurm catalog refresh --region ${region}\` with AWS credentials`,
      ),
      flag: '--region',
    });
  }

  if (raw.limit !== undefined) {
    const limit = wholeNumber(String(raw.limit).trim());
    if (limit === undefined || limit === 0) problems.push(problem('--limit', `expected a number of rows above 0, got ${JSON.stringify(String(raw.limit))}`));
    else filters.limit = limit;
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, filters, notes };
}
