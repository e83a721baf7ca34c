/**
 * The GPU models of the instance catalog, in the catalog's spelling. A `gres` entry in mapping.yaml,
 * once put in that spelling by the catalog's `normaliseGpuModel` (`A100`, `nvidia-a100` → `a100`), must
 * name one of these. A test keeps the list equal to the models in the embedded catalog.
 */
export const GPU_MODELS = ['a100', 'a10g', 'b200', 'b300', 'h100', 'h200', 'l4', 'l40s', 'radeon-pro-v520', 'rtx-pro-4500', 'rtx-pro-server-6000', 't4', 't4g', 'v100'] as const;

export type GpuModel = (typeof GPU_MODELS)[number];

export function isGpuModel(name: string): name is GpuModel {
  return (GPU_MODELS as readonly string[]).includes(name);
}
