import { describe, expect, it } from 'vitest';
import type { Catalog, InstanceType } from '../../../src/mapping/catalog/types.js';
import { chosen, codes, embeddedCatalog, planFor } from '../../support/plan-for.js';

const GiB = 1024;

/** The cheapest fitting type, worked out the slow, obvious way, to check the fast scan against. */
function cheapestByBruteForce(catalog: Catalog, fits: (t: InstanceType) => boolean): string | undefined {
  let best: { name: string; price: number } | undefined;
  for (const t of catalog.types()) {
    const price = catalog.onDemandPrice(t.name, 'us-east-1');
    if (price === undefined || !fits(t)) continue;
    if (!best || price < best.price) best = { name: t.name, price };
  }
  return best?.name;
}

const sustainedCpu = (t: InstanceType) => !t.gpu && !t.accelerator && !t.flex && !/^t\d/.test(t.family) && t.arch === 'x86_64';

describe('CPU and memory', () => {
  it('takes the cheapest on-demand x86_64 type with the CPUs and the memory plus the 10% OS margin', async () => {
    const plan = await planFor(['-c 8', '--mem=30G']);
    const needMiB = Math.ceil((30 * GiB) / 0.9);
    expect(plan.placement?.needs).toMatchObject({ vcpus: 8, memoryMiB: needMiB, gpus: 0, efa: false });
    const catalog = await embeddedCatalog();
    expect(chosen(plan)).toBe(cheapestByBruteForce(catalog, (t) => sustainedCpu(t) && t.vcpus >= 8 && t.memoryMiB >= needMiB));
    expect(plan.placement?.candidates[0]?.reason).toMatch(/^cheapest type with 8 vCPUs and 33\.3 GiB memory/);
  });

  it('ranks the fallbacks by price and keeps five', async () => {
    const plan = await planFor(['-c 8', '--mem=30G']);
    const prices = plan.placement?.candidates.map((c) => c.price?.usdPerHour ?? Infinity) ?? [];
    expect(prices).toHaveLength(5);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    expect(plan.placement?.candidates[1]?.reason).toMatch(/^fallback 1 for capacity errors/);
  });

  it('fits a memory-heavy job on a type with the memory, whatever its CPU count', async () => {
    const plan = await planFor(['-c 4', '--mem=500G']);
    const first = plan.placement?.candidates[0];
    expect(first?.memoryMiB).toBeGreaterThanOrEqual(Math.ceil((500 * GiB) / 0.9));
    const catalog = await embeddedCatalog();
    expect(first?.instanceType).toBe(cheapestByBruteForce(catalog, (t) => sustainedCpu(t) && t.vcpus >= 4 && t.memoryMiB >= Math.ceil((500 * GiB) / 0.9)));
  });

  it('multiplies tasks by CPUs per task, and --mem-per-cpu by the CPUs of a node', async () => {
    const plan = await planFor(['--ntasks-per-node=4', '-c 2', '--mem-per-cpu=2G']);
    expect(plan.placement?.needs).toMatchObject({ vcpus: 8, jobMemoryMiB: 16 * GiB });
  });

  it('never picks burstable (t3) or -flex types for a CPU job', async () => {
    for (const c of ['1', '2', '4', '8']) {
      const plan = await planFor([`-c ${c}`]);
      for (const candidate of plan.placement?.candidates ?? []) expect(candidate.instanceType).not.toMatch(/^t\d|-flex\./);
    }
  });

  it('says when memory was not asked for', async () => {
    expect(codes(await planFor(['-c 2']))).toContain('memory-not-requested');
  });
});

describe('GPUs', () => {
  it.each(['t4', 'a10g', 'l4', 'l40s', 'a100', 'h100', 'v100'])('one %s GPU gets the smallest type with that model, and a warning when that type has more', async (model) => {
    const catalog = await embeddedCatalog();
    const plan = await planFor([`--gres=gpu:${model}:1`]);
    const first = plan.placement?.candidates[0];
    expect(first?.gpu?.model).toBe(model);
    const fewest = Math.min(
      ...catalog
        .types()
        .filter((t) => t.gpu?.model === model && !t.gpu.fractional && catalog.onDemandPrice(t.name, 'us-east-1') !== undefined)
        .map((t) => t.gpu?.count ?? 0),
    );
    expect(first?.gpu?.count).toBe(fewest);
    expect(codes(plan).includes('gpu-type-oversized')).toBe(fewest > 1);
  });

  it('says how many GPUs an a100:1 job leaves idle on an 8-GPU machine', async () => {
    const plan = await planFor(['--gres=gpu:a100:1']);
    const note = plan.diagnostics.find((d) => d.code === 'gpu-type-oversized');
    expect(note?.message).toContain('pays for 7 idle GPUs');
  });

  it('takes several GPUs per node from --gpus-per-node and from -N with --gpus', async () => {
    const plan = await planFor(['--gpus-per-node=4']);
    expect(plan.placement?.candidates.every((c) => (c.gpu?.count ?? 0) >= 4)).toBe(true);
  });

  it('reads an untyped GPU as an NVIDIA one (CUDA), never a Radeon or a fraction of a GPU', async () => {
    const plan = await planFor(['--gres=gpu:1']);
    const catalog = await embeddedCatalog();
    for (const c of plan.placement?.candidates ?? []) {
      expect(catalog.get(c.instanceType)?.gpu?.maker).toBe('nvidia');
      expect(catalog.get(c.instanceType)?.gpu?.fractional).toBe(false);
    }
  });

  it("translates a site's GPU name through mapping.yaml gres", async () => {
    const plan = await planFor(['--gres=gpu:a100_80gb:8'], { mapping: 'gres:\n  a100_80gb: a100\n' });
    expect(plan.placement?.needs).toMatchObject({ gpuModel: 'a100', gpuTypeAsWritten: 'a100_80gb', gpus: 8 });
    expect(plan.placement?.candidates[0]?.gpu?.model).toBe('a100');
  });

  it('refuses a GPU type it cannot map, and says how to map it', async () => {
    const plan = await planFor(['--gres=gpu:quadro9000:1']);
    expect(plan.placement).toBeNull();
    const error = plan.diagnostics.find((d) => d.code === 'gpu-type-unknown');
    expect(error?.severity).toBe('error');
    expect(error?.hint).toContain('quadro9000');
  });

  it('says by how much the largest type falls short when no type has enough GPUs', async () => {
    const plan = await planFor(['--gres=gpu:a100:16']);
    expect(plan.placement).toBeNull();
    expect(plan.diagnostics.find((d) => d.code === 'no-instance-type-fits')?.message).toMatch(/8 GPUs, 8 short of 16/);
  });
});

describe('multi-node (MPI) jobs', () => {
  it('ask for EFA on every candidate and one placement group', async () => {
    const plan = await planFor(['-N 4', '--ntasks-per-node=32']);
    expect(plan.placement).toMatchObject({ instancesPerTask: 4, placementGroup: true, needs: { vcpus: 32, efa: true } });
    expect(plan.placement?.candidates.every((c) => c.efa)).toBe(true);
  });
});

describe('#SPAWN --instance-type', () => {
  it('keeps the forced types in the order given', async () => {
    const plan = await planFor(['-c 2', '#SPAWN --instance-type=m7i.large,c7i.xlarge']);
    expect(plan.placement?.candidates.map((c) => c.instanceType)).toEqual(['m7i.large', 'c7i.xlarge']);
    expect(plan.placement?.forced).toBe(true);
  });

  it('refuses a forced type that is too small and says by how much', async () => {
    const plan = await planFor(['-c 8', '--mem=32G', '#SPAWN --instance-type=c5.large']);
    expect(plan.placement).toBeNull();
    const error = plan.diagnostics.find((d) => d.code === 'forced-type-too-small');
    expect(error?.message).toContain('2 vCPUs, 6 short of 8');
    expect(error?.message).toMatch(/4 GiB memory, 31\.6 GiB short of 35\.6 GiB/);
  });

  it('suggests the type meant when the name is misspelt', async () => {
    const plan = await planFor(['#SPAWN --instance-type=c5.2xlage']);
    expect(plan.diagnostics.find((d) => d.code === 'forced-type-unknown')?.hint).toContain('c5.2xlarge');
  });
});

describe('mapping.yaml partitions', () => {
  const mapping = 'partitions:\n  cpu:\n    instance_types: [c7i]\n  gpu:\n    instance_types: [g6.*]\n    region: us-east-1\n';

  it('keeps to the families the partition allows', async () => {
    const plan = await planFor(['-p cpu', '-c 16'], { mapping });
    expect(plan.placement?.partition).toBe('cpu');
    expect(plan.placement?.candidates.every((c) => c.instanceType.startsWith('c7i.'))).toBe(true);
  });

  it('lets an allow-listed GPU partition use its GPU types for a GPU job', async () => {
    const plan = await planFor(['-p gpu', '--gres=gpu:1'], { mapping });
    expect(plan.placement?.candidates.every((c) => c.instanceType.startsWith('g6.'))).toBe(true);
  });

  it('refuses a forced type that the partition does not allow', async () => {
    const plan = await planFor(['-p cpu', '#SPAWN --instance-type=m7i.large'], { mapping });
    expect(codes(plan)).toContain('forced-type-not-allowed');
    expect(plan.placement).toBeNull();
  });

  it('says when the partition is not in mapping.yaml', async () => {
    const plan = await planFor(['-p bigmem', '-c 2'], { mapping });
    expect(codes(plan)).toContain('partition-not-mapped');
    expect(plan.placement?.partition).toBeNull();
  });
});

describe('prices', () => {
  it('keeps arm64 types out unless an arm64 AMI is configured', async () => {
    const without = await planFor(['-c 4']);
    expect(without.placement?.candidates.every((c) => c.arch === 'x86_64')).toBe(true);
    const withArm = await planFor(['-c 4'], { mapping: 'defaults:\n  ami:\n    arm64: ami-0fedcba9876543210\n' });
    expect(withArm.placement?.candidates.some((c) => c.arch === 'arm64')).toBe(true);
    expect(withArm.ami.id === null || withArm.ami.arch === withArm.placement?.candidates[0]?.arch).toBe(true);
  });

  it('drops types above the maximum price, and says so when none is left', async () => {
    const plan = await planFor(['-c 64', '#SPAWN --max-price=0.5']);
    expect(plan.placement).toBeNull();
    expect(plan.diagnostics.find((d) => d.code === 'no-instance-type-fits')?.message).toMatch(/none at an acceptable price/);
  });

  it('offline outside us-east-1 gives no price but says why and how to get one, and ranks by a labelled stand-in', async () => {
    const plan = await planFor(['-c 8'], { overrides: { region: 'eu-west-1', purchase: 'on-demand' } });
    const first = plan.placement?.candidates[0];
    expect(first?.price).toBeNull();
    expect(first?.priceGap).toContain('catalog refresh --region eu-west-1');
    expect(first?.rankingProxy?.basis).toContain('used only to rank');
  });

  it('prices spot from the spot data when spot is asked for', async () => {
    const plan = await planFor(['-c 8'], { overrides: { purchase: 'spot' } });
    const first = plan.placement?.candidates[0];
    expect(first?.price?.purchase).toBe('spot');
    expect(first?.price?.usdPerHour).toBeLessThan(first?.onDemand?.usdPerHour ?? 0);
  });
});

describe('spot dearer than on-demand', () => {
  /** The embedded catalog with one type's spot price pushed above its on-demand price. */
  async function withDearSpot(type: string): Promise<Catalog> {
    const base = await embeddedCatalog();
    return {
      source: base.source,
      types: () => base.types(),
      get: (name) => base.get(name),
      regions: () => base.regions(),
      onDemandPrice: (name, region) => base.onDemandPrice(name, region),
      availableIn: (name, region) => base.availableIn(name, region),
      priceGap: (name, region, purchase) => base.priceGap(name, region, purchase),
      spot(name, region) {
        const quote = base.spot(name, region);
        if (name !== type || !quote?.price) return quote;
        const onDemand = base.onDemandPrice(name, region) as number;
        return { ...quote, price: { ...quote.price, usdPerHour: onDemand * 1.5 } };
      },
    };
  }

  it('drops the type when buying spot, and says why', async () => {
    const cheapest = chosen(await planFor(['-c 8', '--mem=30G'], { overrides: { purchase: 'spot' } })) as string;
    const plan = await planFor(['-c 8', '--mem=30G'], { overrides: { purchase: 'spot' }, catalog: await withDearSpot(cheapest) });
    expect(plan.placement?.candidates.map((c) => c.instanceType)).not.toContain(cheapest);
    expect(plan.placement?.rejected.find((r) => r.instanceType === cheapest)?.reason).toMatch(/spot costs more than on-demand/);
  });

  it('buys that type on demand under spot-with-fallback', async () => {
    const onDemandFirst = chosen(await planFor(['-c 8', '--mem=30G'], { overrides: { purchase: 'on-demand' } })) as string;
    const plan = await planFor(['-c 8', '--mem=30G'], { overrides: { purchase: 'spot-with-fallback' }, catalog: await withDearSpot(onDemandFirst) });
    const candidate = plan.placement?.candidates.find((c) => c.instanceType === onDemandFirst);
    if (candidate) expect(candidate.price?.purchase).toBe('on-demand');
    for (const c of plan.placement?.candidates ?? []) expect(c.price?.usdPerHour ?? Infinity).toBeLessThanOrEqual(c.onDemand?.usdPerHour ?? Infinity);
  });
});
