import type { FakeAwsData, WireObject } from './server.js';

/**
 * A small AWS world for refresh tests, in wire form. Figures are shaped like real answers but are
 * test data: prices differ from the embedded catalog's so a test can tell which one it sees.
 */
interface TypeSpec {
  name: string;
  vcpus: number;
  memoryMiB: number;
  arch: 'x86_64' | 'arm64' | 'arm64_mac';
  maker: string;
  clockGhz?: number;
  hypervisor?: 'nitro' | 'xen';
  gpu?: { name: string; maker: string; count: number; memoryMiB: number };
  neuron?: { name: string; count: number };
  efa?: number;
  nvmeGb?: number;
  baselineGbps?: number;
  ebsMbps?: number;
}

function instanceTypeItem(spec: TypeSpec): WireObject {
  const bareMetal = spec.hypervisor === undefined;
  return {
    instanceType: spec.name,
    currentGeneration: true,
    bareMetal,
    hypervisor: spec.hypervisor,
    processorInfo: {
      supportedArchitectures: [spec.arch],
      sustainedClockSpeedInGhz: spec.clockGhz,
      manufacturer: spec.maker,
    },
    vCpuInfo: { defaultVCpus: spec.vcpus, defaultCores: Math.max(1, spec.vcpus / 2), defaultThreadsPerCore: spec.vcpus > 1 ? 2 : 1 },
    memoryInfo: { sizeInMiB: spec.memoryMiB },
    instanceStorageSupported: spec.nvmeGb !== undefined,
    instanceStorageInfo: spec.nvmeGb === undefined ? undefined : { totalSizeInGB: spec.nvmeGb, disks: [{ sizeInGB: spec.nvmeGb, count: 1, type: 'ssd' }], nvmeSupport: 'required' },
    ebsInfo: { ebsOptimizedSupport: 'default', ebsOptimizedInfo: spec.ebsMbps === undefined ? undefined : { maximumBandwidthInMbps: spec.ebsMbps } },
    networkInfo: {
      networkPerformance: 'Up to 10 Gigabit',
      maximumNetworkInterfaces: 3,
      networkCards: spec.baselineGbps === undefined ? undefined : [{ networkCardIndex: 0, baselineBandwidthInGbps: spec.baselineGbps, peakBandwidthInGbps: spec.baselineGbps * 4 }],
      efaSupported: spec.efa !== undefined,
      efaInfo: spec.efa === undefined ? undefined : { maximumEfaInterfaces: spec.efa },
    },
    gpuInfo: spec.gpu && {
      gpus: [{ name: spec.gpu.name, manufacturer: spec.gpu.maker, count: spec.gpu.count, memoryInfo: { sizeInMiB: spec.gpu.memoryMiB } }],
      totalGpuMemoryInMiB: spec.gpu.count * spec.gpu.memoryMiB,
    },
    neuronInfo: spec.neuron && { neuronDevices: [{ name: spec.neuron.name, count: spec.neuron.count, memoryInfo: { sizeInMiB: 32768 } }] },
  };
}

const TYPES = {
  m5Large: instanceTypeItem({ name: 'm5.large', vcpus: 2, memoryMiB: 8192, arch: 'x86_64', maker: 'Intel', clockGhz: 3.1, hypervisor: 'nitro', baselineGbps: 0.75, ebsMbps: 4750 }),
  c7gLarge: instanceTypeItem({ name: 'c7g.large', vcpus: 2, memoryMiB: 4096, arch: 'arm64', maker: 'AWS', clockGhz: 2.6, hypervisor: 'nitro', baselineGbps: 0.937, ebsMbps: 10000 }),
  p4d: instanceTypeItem({
    name: 'p4d.24xlarge',
    vcpus: 96,
    memoryMiB: 1179648,
    arch: 'x86_64',
    maker: 'Intel',
    clockGhz: 3.0,
    hypervisor: 'nitro',
    gpu: { name: 'A100', maker: 'NVIDIA', count: 8, memoryMiB: 40960 },
    efa: 4,
    nvmeGb: 8000,
    baselineGbps: 400,
    ebsMbps: 19000,
  }),
  g6fLarge: instanceTypeItem({
    name: 'g6f.large',
    vcpus: 2,
    memoryMiB: 8192,
    arch: 'x86_64',
    maker: 'AMD',
    clockGhz: 3.4,
    hypervisor: 'nitro',
    gpu: { name: 'L4', maker: 'NVIDIA', count: 0, memoryMiB: 2861 },
    nvmeGb: 100,
    baselineGbps: 1.5,
    ebsMbps: 5000,
  }),
  /** Not in the embedded fact table: a refresh adds it. */
  p3: instanceTypeItem({
    name: 'p3.2xlarge',
    vcpus: 8,
    memoryMiB: 62464,
    arch: 'x86_64',
    maker: 'Intel',
    clockGhz: 2.3,
    hypervisor: 'xen',
    gpu: { name: 'V100', maker: 'NVIDIA', count: 1, memoryMiB: 16384 },
    baselineGbps: 2.5,
    ebsMbps: 1750,
  }),
  trn1: instanceTypeItem({
    name: 'trn1.2xlarge',
    vcpus: 8,
    memoryMiB: 32768,
    arch: 'x86_64',
    maker: 'Intel',
    clockGhz: 3.5,
    hypervisor: 'nitro',
    neuron: { name: 'Trainium', count: 1 },
    nvmeGb: 474,
    baselineGbps: 3.125,
    ebsMbps: 20000,
  }),
  /** A Mac host: no Linux batch jobs there, so a refresh leaves it out. */
  mac: instanceTypeItem({ name: 'mac2.metal', vcpus: 12, memoryMiB: 16384, arch: 'arm64_mac', maker: 'Apple', baselineGbps: 10 }),
} as const;

export interface PriceSpec {
  instanceType: string;
  regionCode: string;
  usd: number;
  operatingSystem?: string;
  tenancy?: string;
  preInstalledSw?: string;
  capacitystatus?: string;
  operation?: string;
}

let skuCounter = 0;
/** One Price List product in the aws_v1 layout: product attributes plus OnDemand terms with an hourly USD price. */
export function priceListProduct(spec: PriceSpec): Record<string, unknown> {
  const sku = `FAKESKU${String(++skuCounter).padStart(8, '0')}`;
  const offer = `${sku}.JRTCKXETXF`;
  return {
    product: {
      productFamily: 'Compute Instance',
      attributes: {
        instanceType: spec.instanceType,
        regionCode: spec.regionCode,
        operatingSystem: spec.operatingSystem ?? 'Linux',
        tenancy: spec.tenancy ?? 'Shared',
        preInstalledSw: spec.preInstalledSw ?? 'NA',
        capacitystatus: spec.capacitystatus ?? 'Used',
        operation: spec.operation ?? 'RunInstances',
        licenseModel: 'No License required',
        servicecode: 'AmazonEC2',
      },
      sku,
    },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [offer]: {
          offerTermCode: 'JRTCKXETXF',
          sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          priceDimensions: {
            [`${offer}.6YS6EN2CT7`]: { unit: 'Hrs', pricePerUnit: { USD: spec.usd.toFixed(10) }, description: `$${spec.usd} per On Demand Linux ${spec.instanceType} Instance Hour` },
          },
          termAttributes: {},
        },
      },
    },
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
  };
}

function spotEntry(instanceType: string, availabilityZone: string, spotPrice: number, timestamp: Date, productDescription = 'Linux/UNIX'): WireObject {
  return { availabilityZone, instanceType, productDescription, spotPrice: spotPrice.toFixed(6), timestamp };
}

/** The refresh time every test uses, and times around it. */
export const NOW = new Date('2026-11-23T12:00:00.000Z');
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

/** Two regions; eu-west-1 lacks p4d and trn1; us-east-1 has everything. Distractor prices (Windows, dedicated, reserved, another region) must be filtered out by the request. */
export function fakeWorld(): FakeAwsData {
  const all = Object.values(TYPES);
  return {
    instanceTypes: { 'eu-west-1': all, 'us-east-1': all },
    offerings: {
      'eu-west-1': ['m5.large', 'c7g.large', 'g6f.large', 'p3.2xlarge', 'mac2.metal'],
      'us-east-1': ['m5.large', 'c7g.large', 'g6f.large', 'p3.2xlarge', 'p4d.24xlarge', 'trn1.2xlarge', 'mac2.metal'],
    },
    spotPriceHistory: {
      'eu-west-1': [
        spotEntry('m5.large', 'eu-west-1a', 0.045, hoursBefore(30)),
        spotEntry('m5.large', 'eu-west-1a', 0.0391, hoursBefore(2)),
        spotEntry('m5.large', 'eu-west-1b', 0.0402, hoursBefore(5)),
        spotEntry('m5.large', 'eu-west-1a', 0.2, hoursBefore(1), 'Windows'),
        spotEntry('c7g.large', 'eu-west-1c', 0.0312, hoursBefore(3)),
        spotEntry('p3.2xlarge', 'eu-west-1b', 1.0211, hoursBefore(4)),
      ],
      'us-east-1': [
        spotEntry('m5.large', 'us-east-1a', 0.0384, hoursBefore(1)),
        spotEntry('m5.large', 'us-east-1d', 0.0366, hoursBefore(6)),
        spotEntry('p4d.24xlarge', 'us-east-1b', 8.9123, hoursBefore(2)),
      ],
    },
    products: [
      priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0.107 }),
      priceListProduct({ instanceType: 'c7g.large', regionCode: 'eu-west-1', usd: 0.0816 }),
      priceListProduct({ instanceType: 'g6f.large', regionCode: 'eu-west-1', usd: 0.2222 }),
      priceListProduct({ instanceType: 'p3.2xlarge', regionCode: 'eu-west-1', usd: 3.305 }),
      priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0.204, operatingSystem: 'Windows', operation: 'RunInstances:0002' }),
      priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0.118, tenancy: 'Dedicated' }),
      priceListProduct({ instanceType: 'm5.large', regionCode: 'eu-west-1', usd: 0.0, capacitystatus: 'UnusedCapacityReservation' }),
      priceListProduct({ instanceType: 'c7g.large', regionCode: 'eu-west-1', usd: 0.3, preInstalledSw: 'SQL Web' }),
      priceListProduct({ instanceType: 'm5.large', regionCode: 'us-east-1', usd: 0.0961 }),
      priceListProduct({ instanceType: 'p4d.24xlarge', regionCode: 'us-east-1', usd: 21.9576 }),
      priceListProduct({ instanceType: 'p3.2xlarge', regionCode: 'us-east-1', usd: 3.06 }),
      priceListProduct({ instanceType: 'trn1.2xlarge', regionCode: 'us-east-1', usd: 1.3438 }),
    ],
  };
}
