import type { InstanceTypeInfo } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { instanceFactsFromAws } from '../../../src/mapping/catalog/refresh/instance-facts-from-aws.js';

const p4d: InstanceTypeInfo = {
  InstanceType: 'p4d.24xlarge',
  BareMetal: false,
  Hypervisor: 'nitro',
  ProcessorInfo: { SupportedArchitectures: ['x86_64'], SustainedClockSpeedInGhz: 3, Manufacturer: 'Intel' },
  VCpuInfo: { DefaultVCpus: 96 },
  MemoryInfo: { SizeInMiB: 1179648 },
  InstanceStorageInfo: { TotalSizeInGB: 8000, NvmeSupport: 'required' },
  EbsInfo: { EbsOptimizedInfo: { MaximumBandwidthInMbps: 19000 } },
  NetworkInfo: {
    EfaSupported: true,
    EfaInfo: { MaximumEfaInterfaces: 4 },
    NetworkCards: [0, 1, 2, 3].map((i) => ({ NetworkCardIndex: i, BaselineBandwidthInGbps: 100 })),
  },
  GpuInfo: { Gpus: [{ Name: 'A100', Manufacturer: 'NVIDIA', Count: 8, MemoryInfo: { SizeInMiB: 40960 } }] },
};

describe('instanceFactsFromAws', () => {
  it('turns a DescribeInstanceTypes entry into facts in the fact tables’ units and spellings', () => {
    expect(instanceFactsFromAws(p4d)).toEqual({
      name: 'p4d.24xlarge',
      vcpus: 96,
      memoryMiB: 1179648,
      arch: 'x86_64',
      cpuMaker: 'intel',
      clockMhz: 3000,
      hypervisor: 'nitro',
      gpu: { model: 'a100', maker: 'nvidia', count: 8, memoryMiB: 40960 },
      accelerator: undefined,
      efaInterfaces: 4,
      localNvmeGb: 8000,
      networkMbps: 400_000,
      ebsMbps: 19000,
    });
  });

  it('reads a bare-metal type as having no hypervisor, and non-NVMe instance storage as no NVMe', () => {
    const facts = instanceFactsFromAws({ ...p4d, InstanceType: 'd2.xlarge', BareMetal: true, InstanceStorageInfo: { TotalSizeInGB: 6000, NvmeSupport: 'unsupported' } });
    expect(facts).toMatchObject({ hypervisor: undefined, localNvmeGb: 0 });
  });

  it('reads Neuron devices and inference accelerators', () => {
    const base = { ...p4d, GpuInfo: undefined };
    expect(instanceFactsFromAws({ ...base, NeuronInfo: { NeuronDevices: [{ Name: 'Inferentia2', Count: 6 }] } })?.accelerator).toEqual({ model: 'inferentia2', maker: 'aws', count: 6 });
    expect(instanceFactsFromAws({ ...base, InferenceAcceleratorInfo: { Accelerators: [{ Name: 'Qualcomm AI100', Manufacturer: 'Qualcomm', Count: 8 }] } })?.accelerator).toEqual({
      model: 'qualcomm-ai100',
      maker: 'qualcomm',
      count: 8,
    });
  });

  it('leaves out what cannot run a Linux batch job or is not described enough', () => {
    expect(instanceFactsFromAws({ ...p4d, ProcessorInfo: { SupportedArchitectures: ['x86_64_mac'] } })).toBeUndefined();
    expect(instanceFactsFromAws({ ...p4d, ProcessorInfo: { SupportedArchitectures: ['i386'] } })).toBeUndefined();
    expect(instanceFactsFromAws({ ...p4d, MemoryInfo: undefined })).toBeUndefined();
  });

  it('prefers x86_64 when a type supports both it and i386', () => {
    expect(instanceFactsFromAws({ ...p4d, ProcessorInfo: { SupportedArchitectures: ['i386', 'x86_64'] } })?.arch).toBe('x86_64');
  });
});
