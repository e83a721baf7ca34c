import type { InstanceTypeInfo } from '@aws-sdk/client-ec2';
import { normaliseAcceleratorModel, normaliseGpuModel } from '../gpu-model.js';
import type { InstanceFacts } from '../catalog-data.js';
import type { Architecture } from '../types.js';

/**
 * One DescribeInstanceTypes entry as catalog facts, in the units and spellings of the fact tables
 * (MHz, Mbps, lower-case makers, normalised GPU names). Undefined for types spawn-slurm cannot run a
 * Linux batch job on (Mac hosts, 32-bit only).
 */
export function instanceFactsFromAws(info: InstanceTypeInfo): InstanceFacts | undefined {
  const name = info.InstanceType;
  const architectures = info.ProcessorInfo?.SupportedArchitectures ?? [];
  const arch: Architecture | undefined = architectures.includes('x86_64') ? 'x86_64' : architectures.includes('arm64') ? 'arm64' : undefined;
  const vcpus = info.VCpuInfo?.DefaultVCpus;
  const memoryMiB = info.MemoryInfo?.SizeInMiB;
  if (!name || !arch || !vcpus || !memoryMiB) return undefined;

  const gpu = info.GpuInfo?.Gpus?.[0];
  const neuron = info.NeuronInfo?.NeuronDevices?.[0];
  const inference = info.InferenceAcceleratorInfo?.Accelerators?.[0];
  const accelerator = neuron
    ? { model: neuron.Name, maker: 'aws', count: neuron.Count }
    : inference && { model: inference.Name, maker: inference.Manufacturer?.toLowerCase() ?? '', count: inference.Count };
  const storage = info.InstanceStorageInfo;
  const network = info.NetworkInfo;
  const baselineGbps = (network?.NetworkCards ?? []).reduce((sum, card) => sum + (card.BaselineBandwidthInGbps ?? 0), 0);
  const clockGhz = info.ProcessorInfo?.SustainedClockSpeedInGhz;

  return {
    name,
    vcpus,
    memoryMiB,
    arch,
    cpuMaker: (info.ProcessorInfo?.Manufacturer ?? '').toLowerCase(),
    clockMhz: clockGhz ? Math.round(clockGhz * 1000) : undefined,
    hypervisor: info.BareMetal ? undefined : info.Hypervisor,
    gpu: gpu?.Name
      ? {
          model: normaliseGpuModel(gpu.Name),
          maker: (gpu.Manufacturer ?? '').toLowerCase(),
          count: gpu.Count ?? 0,
          memoryMiB: gpu.MemoryInfo?.SizeInMiB ?? 0,
        }
      : undefined,
    accelerator: accelerator?.model ? { model: normaliseAcceleratorModel(accelerator.model), maker: accelerator.maker, count: accelerator.count ?? 0 } : undefined,
    efaInterfaces: network?.EfaSupported ? (network.EfaInfo?.MaximumEfaInterfaces ?? 0) : 0,
    localNvmeGb: storage && storage.NvmeSupport !== 'unsupported' ? (storage.TotalSizeInGB ?? 0) : 0,
    networkMbps: baselineGbps > 0 ? Math.round(baselineGbps * 1000) : undefined,
    ebsMbps: info.EbsInfo?.EbsOptimizedInfo?.MaximumBandwidthInMbps,
  };
}
