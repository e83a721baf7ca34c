import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNeuronAccelerator, normaliseGpuModel } from '../../../src/mapping/catalog/gpu-model.js';

describe('normaliseGpuModel', () => {
  it.each([
    // The EC2 API's names
    ['A100', 'a100'],
    ['A10G', 'a10g'],
    ['T4g', 't4g'],
    ['L40S', 'l40s'],
    ['K80', 'k80'],
    ['M60', 'm60'],
    ['V100', 'v100'],
    ['Radeon Pro V520', 'radeon-pro-v520'],
    ['RTX PRO Server 6000', 'rtx-pro-server-6000'],
    ['Gaudi HL-205', 'gaudi-hl-205'],
    // What users type, nvidia-smi prints and Slurm gres types say
    ['nvidia-a100', 'a100'],
    ['NVIDIA A100-SXM4-40GB', 'a100'],
    ['a100_80gb', 'a100'],
    ['Tesla V100-PCIE', 'v100'],
    ['Tesla T4', 't4'],
    ['NVIDIA H100 80GB', 'h100'],
    ['amd-radeon-pro-v520', 'radeon-pro-v520'],
    ['v520', 'radeon-pro-v520'],
    ['  H200  ', 'h200'],
  ])('%s → %s', (spelling, model) => {
    expect(normaliseGpuModel(spelling)).toBe(model);
  });

  it('keeps T4 and T4g apart', () => {
    expect(normaliseGpuModel('T4')).not.toBe(normaliseGpuModel('T4g'));
  });

  it('is idempotent and gives lower-case names without spaces or underscores', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (spelling) => {
        const once = normaliseGpuModel(spelling);
        expect(normaliseGpuModel(once)).toBe(once);
        expect(once).not.toMatch(/[A-Z\s_]/);
      }),
    );
  });
});

describe('isNeuronAccelerator', () => {
  it('knows Inferentia and Trainium, not other accelerators', () => {
    expect(['inferentia', 'inferentia2', 'trainium', 'trainium2'].every(isNeuronAccelerator)).toBe(true);
    expect(isNeuronAccelerator('qualcomm-ai100')).toBe(false);
  });
});
