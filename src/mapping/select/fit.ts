import { describeMiB } from '../../core/units.js';
import type { InstanceType } from '../catalog/types.js';
import type { InstanceNeeds } from '../plan-types.js';
import type { CatalogIndex } from './catalog-index.js';

/** The needs with the GPU model turned into the index's model number, for the scan. */
export interface ScanNeeds {
  vcpus: number;
  /** 0 when memory does not constrain the type. */
  memoryMiB: number;
  gpus: number;
  /** -1: any NVIDIA model; -2: a model no type of the catalog has. */
  gpuModel: number;
  efa: boolean;
}

export function scanNeeds(index: CatalogIndex, needs: InstanceNeeds): ScanNeeds {
  const model = needs.gpuModel === null ? -1 : index.gpuModels.indexOf(needs.gpuModel);
  return {
    vcpus: needs.vcpus,
    memoryMiB: needs.memoryMiB ?? 0,
    gpus: needs.gpus,
    gpuModel: needs.gpuModel === null ? -1 : model === -1 ? -2 : model,
    efa: needs.efa,
  };
}

/** Whether type `i` offers what one node needs, EFA aside (EFA is checked separately to say why). */
export function fitsHardware(index: CatalogIndex, i: number, needs: ScanNeeds): boolean {
  if ((index.vcpus[i] as number) < needs.vcpus || (index.memoryMiB[i] as number) < needs.memoryMiB) return false;
  if (needs.gpus === 0) return true;
  // A fractional GPU (g6f) has gpuCount 0, so it never satisfies a request for a whole GPU.
  if ((index.gpuCount[i] as number) < needs.gpus) return false;
  return needs.gpuModel === -1 ? index.nvidiaGpu[i] === 1 : index.gpuModel[i] === needs.gpuModel;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * How a type falls short of the needs, one phrase per resource (`2 vCPUs, 6 short of 8`); empty when
 * it fits. For messages only: selection uses `fitsHardware`.
 */
export function shortfall(type: InstanceType, needs: InstanceNeeds): string[] {
  const short: string[] = [];
  if (type.vcpus < needs.vcpus) short.push(`${plural(type.vcpus, 'vCPU')}, ${needs.vcpus - type.vcpus} short of ${needs.vcpus}`);
  if (needs.memoryMiB !== null && type.memoryMiB < needs.memoryMiB) {
    short.push(`${describeMiB(type.memoryMiB)} memory, ${describeMiB(needs.memoryMiB - type.memoryMiB)} short of ${describeMiB(needs.memoryMiB)} (the job's memory plus the OS margin)`);
  }
  if (needs.gpus > 0) {
    const model = needs.gpuModel ? `${needs.gpuModel} ` : '';
    const wanted = `${needs.gpus} ${model}GPU${needs.gpus === 1 ? '' : 's'}`;
    const gpu = type.gpu;
    if (!gpu) short.push(`no GPU, ${wanted} short`);
    else if (gpu.fractional) short.push(`only a fraction of one ${gpu.model} GPU, not ${wanted}`);
    else if (needs.gpuModel !== null && gpu.model !== needs.gpuModel) short.push(`${gpu.model} GPUs, not ${needs.gpuModel}`);
    else if (gpu.count < needs.gpus) short.push(`${plural(gpu.count, 'GPU')}, ${needs.gpus - gpu.count} short of ${needs.gpus}`);
  }
  if (needs.efa && type.efaInterfaces === 0) short.push('no EFA, which a multi-node job needs');
  return short;
}
