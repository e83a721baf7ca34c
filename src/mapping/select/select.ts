import type { Diagnostic } from '../../parser/diagnostic.js';
import type { Architecture, InstanceType } from '../catalog/types.js';
import type { InstanceTypeSelector, Purchase } from '../config/types.js';
import type { InstanceCandidate, InstanceNeeds, Rejection } from '../plan-types.js';
import { allowListAdmits, allowListMask, describeSelector, unknownSelectors } from './allow-list.js';
import { archId, type CatalogIndex, type RegionPrices } from './catalog-index.js';
import { planDiagnostic } from './diagnostic.js';
import { fitsHardware, scanNeeds, shortfall, type ScanNeeds } from './fit.js';
import { formatPercentOver, formatRate } from './money.js';
import { candidatePrices, decidePrice, type PriceDecision } from './pricing.js';
import { describeNeeds, suggestTypeNames } from './describe.js';
import { EMBEDDED_PRICE_REGION } from '../catalog/fact-files.js';

export interface SelectionInput {
  index: CatalogIndex;
  needs: InstanceNeeds;
  region: string;
  purchase: Purchase;
  /** The partition's `instance_types`; empty: any type. */
  allowList: readonly InstanceTypeSelector[];
  /** The partition name the allow-list belongs to, for messages. */
  partition: string | null;
  /** `#SPAWN --instance-type`, in the order given: taken in that order, not re-ranked. */
  forcedTypes: readonly string[];
  architectures: readonly Architecture[];
  maxPriceUsd: number | null;
  /** The script, for the findings. */
  file: string;
  /** How many ranked types to keep: the first is launched, the rest are capacity fallbacks. */
  keep?: number;
}

export interface Selection {
  candidates: InstanceCandidate[];
  rejected: Rejection[];
  diagnostics: Diagnostic[];
}

export const CANDIDATES_KEPT = 5;
/** Rejections listed in the Plan: the notable ones, not the whole catalog. */
const MAX_REJECTIONS = 12;

interface Ranked {
  i: number;
  decision: PriceDecision;
}

function candidateOf(input: SelectionInput, ranked: Ranked, reason: string): InstanceCandidate {
  const type = input.index.types[ranked.i] as InstanceType;
  const quotes = candidatePrices(input.index.catalog, type.name, input.region, input.purchase, ranked.decision);
  return {
    instanceType: type.name,
    vcpus: type.vcpus,
    memoryMiB: type.memoryMiB,
    arch: type.arch,
    gpu: type.gpu ? { model: type.gpu.model, count: type.gpu.count, memoryMiB: type.gpu.memoryMiB } : null,
    efa: type.efaInterfaces > 0,
    onDemand: quotes.onDemand,
    spot: quotes.spot,
    price: quotes.price,
    priceGap: quotes.priceGap,
    interruption: quotes.interruption,
    rankingProxy: quotes.proxy,
    tasksPerInstance: 1,
    reason,
  };
}

/**
 * Whether a type is sold in the region: known offerings say so; otherwise a region whose price list is
 * known but lacks the type (hpc6a has no us-east-1 price) does not sell it.
 */
function offeredIn(prices: RegionPrices, i: number): boolean {
  if (prices.available[i] !== -1) return prices.available[i] === 1;
  return prices.onDemandKnown === 0 || !Number.isNaN(prices.onDemand[i] as number);
}

/** Cheaper first; at equal price the smaller type (fewer GPUs, vCPUs, memory), then by name for a stable order. */
function compareRanked(index: CatalogIndex) {
  return (a: Ranked, b: Ranked): number =>
    a.decision.rank - b.decision.rank ||
    (index.gpuCount[a.i] as number) - (index.gpuCount[b.i] as number) ||
    (index.vcpus[a.i] as number) - (index.vcpus[b.i] as number) ||
    (index.memoryMiB[a.i] as number) - (index.memoryMiB[b.i] as number) ||
    (index.types[a.i] as InstanceType).name.localeCompare((index.types[b.i] as InstanceType).name);
}

/** Why a type that fits the hardware is still not taken; undefined when it may be taken. */
function priceObjection(input: SelectionInput, decision: PriceDecision): string | undefined {
  if (input.purchase === 'spot' && decision.spotDearer) return `spot costs more than on-demand in ${input.region}, so spot is not worth it here`;
  if (input.maxPriceUsd !== null && decision.usdPerHour > input.maxPriceUsd) {
    return `${formatRate(decision.usdPerHour)} is above the maximum price ${formatRate(input.maxPriceUsd)}`;
  }
  return undefined;
}

function rankedReason(input: SelectionInput, ranked: Ranked[], position: number): string {
  const first = ranked[0] as Ranked;
  const here = ranked[position] as Ranked;
  const priceWord = Number.isNaN(here.decision.usdPerHour) ? 'ranked by a stand-in price' : `${formatRate(here.decision.usdPerHour)} ${here.decision.boughtAs}`;
  if (position === 0) return `cheapest type with ${describeNeeds(input.needs)} (${priceWord})`;
  const dearer =
    Number.isFinite(first.decision.rank) && Number.isFinite(here.decision.rank) && first.decision.rank > 0
      ? `, ${formatPercentOver(here.decision.rank, first.decision.rank)} over the first`
      : '';
  return `fallback ${position} for capacity errors (${priceWord}${dearer})`;
}

/** The forced types, in the user's order; each must exist, be allowed and fit, or the job cannot be placed as asked. */
function selectForced(input: SelectionInput, prices: RegionPrices, reference: RegionPrices | null): Selection {
  const { index, needs, file } = input;
  const candidates: InstanceCandidate[] = [];
  const rejected: Rejection[] = [];
  const diagnostics: Diagnostic[] = [];
  input.forcedTypes.forEach((name, order) => {
    const i = index.byName.get(name);
    if (i === undefined) {
      const close = suggestTypeNames(index, name);
      diagnostics.push(
        planDiagnostic(
          file,
          'error',
          'forced-type-unknown',
          `#SPAWN --instance-type names "${name}", which is not an EC2 instance type in the catalog`,
          close.length > 0 ? `did you mean ${close.join(' or ')}?` : 'run `spawn-slurm catalog search` to list the types',
        ),
      );
      rejected.push({ instanceType: name, reason: 'not in the catalog' });
      return;
    }
    const type = index.types[i] as InstanceType;
    if (input.allowList.length > 0 && !allowListAdmits(input.allowList, type)) {
      const reason = `partition ${input.partition ?? ''} in mapping.yaml allows only ${input.allowList.map(describeSelector).join(', ')}`;
      diagnostics.push(
        planDiagnostic(file, 'error', 'forced-type-not-allowed', `#SPAWN --instance-type ${name} is not allowed: ${reason}`, 'choose one of the allowed types, or change the partition (-p)'),
      );
      rejected.push({ instanceType: name, reason });
      return;
    }
    const short = shortfall(type, needs);
    if (short.length > 0) {
      diagnostics.push(
        planDiagnostic(
          file,
          'error',
          'forced-type-too-small',
          `#SPAWN --instance-type ${name} is too small for one node of the job: ${short.join('; ')}`,
          'choose a larger type (`spawn-slurm catalog search` lists them), or ask for less',
        ),
      );
      rejected.push({ instanceType: name, reason: `too small: ${short.join('; ')}` });
      return;
    }
    if (!offeredIn(prices, i)) {
      diagnostics.push(planDiagnostic(file, 'error', 'forced-type-not-offered', `#SPAWN --instance-type ${name} is not offered in ${input.region}`, 'choose another type or region'));
      rejected.push({ instanceType: name, reason: `not offered in ${input.region}` });
      return;
    }
    const decision = decidePrice(prices, reference, i, input.purchase);
    const objection = priceObjection(input, decision);
    if (objection) diagnostics.push(planDiagnostic(file, 'warning', 'forced-type-price', `#SPAWN --instance-type ${name}: ${objection}; it is used because it was asked for`));
    const ordinal = input.forcedTypes.length > 1 ? ` (${order + 1} of ${input.forcedTypes.length})` : '';
    candidates.push(candidateOf(input, { i, decision }, `forced by #SPAWN --instance-type${ordinal}`));
  });
  // One forced type that cannot be used is an error even when another can: the user named it.
  return { candidates: diagnostics.some((d) => d.severity === 'error') ? [] : candidates, rejected, diagnostics };
}

/** The nearest miss, for saying why nothing fits: among the types with the right GPU model (if any), the largest. */
function nearestMiss(input: SelectionInput, scan: ScanNeeds, allowed: Uint8Array | null): InstanceType | undefined {
  const { index } = input;
  let best = -1;
  for (let i = 0; i < index.types.length; i++) {
    if (allowed && allowed[i] !== 1) continue;
    if (scan.gpus > 0 && scan.gpuModel >= 0 && index.gpuModel[i] !== scan.gpuModel) continue;
    if (scan.gpus > 0 && scan.gpuModel === -1 && index.nvidiaGpu[i] !== 1) continue;
    if (scan.gpus === 0 && index.accelerated[i] === 1) continue;
    if (
      best === -1 ||
      (index.vcpus[i] as number) + (index.memoryMiB[i] as number) / 4096 + 1000 * (index.gpuCount[i] as number) >
        (index.vcpus[best] as number) + (index.memoryMiB[best] as number) / 4096 + 1000 * (index.gpuCount[best] as number)
    )
      best = i;
  }
  return best === -1 ? undefined : index.types[best];
}

function noFitDiagnostic(input: SelectionInput, scan: ScanNeeds, allowMask: Uint8Array | null, excludedByPrice: number): Diagnostic {
  const { needs, file } = input;
  const within = input.allowList.length > 0 ? ` among the types partition ${input.partition ?? ''} allows (${input.allowList.map(describeSelector).join(', ')})` : '';
  if (scan.gpuModel === -2) {
    return planDiagnostic(file, 'error', 'no-instance-type-fits', `no instance type has ${needs.gpuModel} GPUs`, 'map the GPU type to a catalog model in mapping.yaml `gres`');
  }
  if (excludedByPrice > 0) {
    return planDiagnostic(
      file,
      'error',
      'no-instance-type-fits',
      `${excludedByPrice} type${excludedByPrice === 1 ? '' : 's'} fit ${describeNeeds(needs)}${within}, but none at an acceptable price in ${input.region}`,
      input.maxPriceUsd !== null ? 'raise the maximum price (#SPAWN --max-price or the partition max_price)' : 'use on-demand (#SPAWN --spot=false) or another region',
    );
  }
  const miss = nearestMiss(input, scan, allowMask);
  const detail = miss ? `; the nearest, ${miss.name}, has ${shortfall(miss, needs).join('; ') || 'a different architecture'}` : '';
  return planDiagnostic(
    file,
    'error',
    'no-instance-type-fits',
    `no instance type${within} in ${input.region} offers ${describeNeeds(needs)} on one node${detail}`,
    'ask for fewer resources per node (spread tasks over more nodes with -N), or allow more instance types',
  );
}

/** The cheapest types that run one node of the job, best first, with fallbacks; or why there are none. */
export function selectInstances(input: SelectionInput): Selection {
  const { index, needs, file } = input;
  const prices = index.prices(input.region);
  const reference = input.region === EMBEDDED_PRICE_REGION ? null : index.prices(EMBEDDED_PRICE_REGION);
  if (input.forcedTypes.length > 0) return selectForced(input, prices, reference);

  const diagnostics: Diagnostic[] = [];
  for (const selector of unknownSelectors(index, input.allowList)) {
    diagnostics.push(
      planDiagnostic(
        file,
        'warning',
        'allow-list-unknown-type',
        `mapping.yaml partition ${input.partition ?? ''} lists ${describeSelector(selector)}, which names no instance type in the catalog`,
        'check the spelling, or refresh the catalog (`spawn-slurm catalog refresh`)',
      ),
    );
  }
  const allowMask = input.allowList.length > 0 ? allowListMask(index, input.allowList) : null;
  const archs = new Set(input.architectures.map(archId));
  const scan = scanNeeds(index, needs);
  const ranked: Ranked[] = [];
  const rejected: Rejection[] = [];
  let excludedByPrice = 0;
  for (let i = 0; i < index.types.length; i++) {
    if (allowMask ? allowMask[i] !== 1 : index.accelerated[i] === 1 && scan.gpus === 0) continue;
    if (!allowMask && index.sustained[i] === 0) continue;
    if (!archs.has(index.arch[i] as number) || !fitsHardware(index, i, scan)) continue;
    const name = (index.types[i] as InstanceType).name;
    if (scan.efa && index.efa[i] !== 1) continue;
    if (!offeredIn(prices, i)) continue;
    const decision = decidePrice(prices, reference, i, input.purchase);
    const objection = priceObjection(input, decision);
    if (objection) {
      excludedByPrice++;
      if (rejected.length < MAX_REJECTIONS) rejected.push({ instanceType: name, reason: objection });
      continue;
    }
    ranked.push({ i, decision });
  }
  if (ranked.length === 0) return { candidates: [], rejected, diagnostics: [...diagnostics, noFitDiagnostic(input, scan, allowMask, excludedByPrice)] };

  ranked.sort(compareRanked(index));
  const kept = ranked.slice(0, input.keep ?? CANDIDATES_KEPT);
  const candidates = kept.map((r, position) => candidateOf(input, r, rankedReason(input, kept, position)));
  return { candidates, rejected: rejected.slice(0, MAX_REJECTIONS), diagnostics };
}

/** A GPU job on a type with more GPUs than its tasks there use pays for the idle ones: say so. */
export function oversizeNotes(needs: InstanceNeeds, chosen: InstanceCandidate, file: string): Diagnostic[] {
  if (needs.gpus === 0 || !chosen.gpu || chosen.gpu.count <= needs.gpus * chosen.tasksPerInstance) return [];
  const model = needs.gpuModel ?? chosen.gpu.model;
  const idle = chosen.gpu.count - needs.gpus * chosen.tasksPerInstance;
  return [
    planDiagnostic(
      file,
      'warning',
      'gpu-type-oversized',
      `the job asks for ${needs.gpus} ${model} GPU${needs.gpus === 1 ? '' : 's'} per node, but the smallest type that has ${needs.gpuModel ? `${model} GPUs` : 'enough GPUs'} in the catalog, ${chosen.instanceType}, has ${chosen.gpu.count}: the job pays for ${idle} idle GPU${idle === 1 ? '' : 's'}${chosen.tasksPerInstance > 1 ? ` with ${chosen.tasksPerInstance} tasks sharing it` : ''}`,
      needs.gpuModel
        ? `use all ${chosen.gpu.count} GPUs, or allow another GPU model (e.g. --gres=gpu:1 without a type, or a different type in mapping.yaml gres)`
        : `use all ${chosen.gpu.count} GPUs`,
    ),
  ];
}
