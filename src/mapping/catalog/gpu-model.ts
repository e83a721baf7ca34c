/**
 * One spelling per GPU model, so that `A100`, `nvidia-a100`, `NVIDIA A100-SXM4-40GB` (nvidia-smi),
 * `a100_80gb` (a Slurm gres type) and the EC2 API's `A100` all meet as `a100`.
 * EC2 names GPUs `A100`, `A10G`, `T4g`, `L40S`, `Radeon Pro V520`, `RTX PRO Server 6000`, …; the fact
 * tables already use the lower-case, hyphenated form of the same names.
 */
const VENDOR_PREFIX = /^(nvidia|amd|tesla|habana|geforce)-/;
/** nvidia-smi and gres spellings add form factor and memory: `a100-sxm4-40gb`, `h100_80gb`, `v100-pcie`. */
const VARIANT_SUFFIX = /-(sxm\d*|pcie|\d+gb)$/;

const ALIASES: Record<string, string> = {
  v520: 'radeon-pro-v520',
  'radeon-v520': 'radeon-pro-v520',
  'rtx-pro-6000': 'rtx-pro-server-6000',
  'rtx-6000-pro': 'rtx-pro-server-6000',
};

export function normaliseGpuModel(raw: string): string {
  let name = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  let before: string;
  do {
    before = name;
    name = name.replace(VENDOR_PREFIX, '').replace(VARIANT_SUFFIX, '');
  } while (name !== before);
  return ALIASES[name] ?? name;
}

/** Accelerator (Neuron, Qualcomm) names: lower case, hyphenated, as in the fact tables. */
export function normaliseAcceleratorModel(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Inferentia and Trainium run through the AWS Neuron SDK, not CUDA. */
export function isNeuronAccelerator(model: string): boolean {
  return /^(inferentia|trainium)/.test(model);
}
