import { describe, expect, it } from 'vitest';
import { INSTANCE_STARTUP_MINUTES } from '../../../src/mapping/billing.js';
import { estimateJob } from '../../../src/estimate/estimate-job.js';
import { candidate, planFor } from './plan-fixture.js';

const FULL_CLUSTER = { name: 'hpc', queue_wait: 240, core_hour_price: 0.012, gpu_hour_price: 0.9 };

function estimate(directives: string, shape: Parameters<typeof planFor>[1], cluster = {}, expectedRuntimeMinutes: number | null = null) {
  const { plan, placement } = planFor(directives, shape);
  return estimateJob({ plan, placement, cluster, expectedRuntimeMinutes });
}

describe('estimate arithmetic, worked by hand', () => {
  // The hand-worked figures assume a 2-minute start-up per instance; they are wrong if it changes.
  it('assumes a 2-minute instance start-up', () => expect(INSTANCE_STARTUP_MINUTES).toBe(2));

  it('an array of 100 tasks, 2 h limit, %10, at $1.006/h spot and $2.50/h on-demand', () => {
    const report = estimate('#SBATCH -t 2:00:00 --array=1-100%10 -c 4', { candidates: [candidate({ type: 'c7i.xlarge', onDemand: 2.5, spot: 1.006 })] }, FULL_CLUSTER);
    // %10 → 10 instances at once, each runs 10 tasks one after another: 2 min start-up + 10 × 120 min
    // = 1202 min = 72120 s billed each, 721200 s = 200.333… h together.
    const spot = report.cost.spot;
    if (!spot.known) throw new Error('spot price expected');
    const [run] = spot.runs;
    expect(run).toMatchObject({ basis: 'time-limit', runtimeMinutes: 120, billedSecondsPerInstance: 72120 });
    expect(run!.instanceHours).toBeCloseTo(200.3333, 3);
    // $1.006 × 200.333… h = $201.5353…; ÷ 100 tasks = $2.015353… per task.
    expect(run!.totalUsd).toBeCloseTo(201.5353, 3);
    expect(run!.perTaskUsd).toBeCloseTo(2.015353, 5);
    // On-demand side by side: $2.50 × 200.333… h = $500.83…
    const onDemand = report.cost.onDemand;
    if (!onDemand.known) throw new Error('on-demand price expected');
    expect(onDemand.runs[0]!.totalUsd).toBeCloseTo(500.8333, 3);
    // 10 rounds of 120 min after one start-up: 1202 min.
    expect(report.time).toMatchObject({ tasks: 100, concurrency: 10, concurrencySource: 'array-throttle', waves: 10 });
    expect(report.time.runs).toEqual([{ basis: 'time-limit', runtimeMinutes: 120, wallMinutes: 1202 }]);
    expect(report.packing).toMatchObject({ tasksPerInstance: 1, instances: 10, rounds: 10 });
    // One fresh instance per task instead: 100 × 122 min = 203.333… h × $1.006 = $204.5533…, and
    // every one of the 10 waves boots again: 10 × 122 = 1220 min.
    const single = report.packing.onePerInstance;
    expect(single.instances).toBe(100);
    if (!single.cost.spot.known) throw new Error('spot price expected');
    expect(single.cost.spot.runs[0]).toMatchObject({ billedSecondsPerInstance: 7320 });
    expect(single.cost.spot.runs[0]!.totalUsd).toBeCloseTo(204.5533, 3);
    expect(single.time).toEqual([{ basis: 'time-limit', runtimeMinutes: 120, wallMinutes: 1220 }]);
    // Cluster: 4 cores × 1 node × 2 h × 100 tasks = 800 core-hours × $0.012 = $9.60; no GPUs.
    const [cluster] = report.cluster.runs;
    expect(cluster!.coreHours).toBe(800);
    expect(cluster!.gpuHours).toBe(0);
    expect(cluster!.internalUsd).toBeCloseTo(9.6, 10);
    // Cluster wall: 240 min queue + 10 waves × 120 min = 1440 min; the cloud saves 1440 − 1202 = 238 min.
    expect(cluster).toMatchObject({ wallMinutes: 1440, cloudWallMinutes: 1202, timeSavedMinutes: 238 });
    expect(report.cluster.missingKeys).toEqual([]);
  });

  it('packs 4 tasks on an instance: 100 tasks of 1 h at $0.40/h, 4 per instance', () => {
    const report = estimate('#SBATCH -t 60 --array=0-99 -c 1', { candidates: [candidate({ type: 'c7i.xlarge', onDemand: 0.4, spot: null })], purchase: 'on-demand', tasksPerInstance: 4 });
    // 25 instances, one round each: 25 × 62 min = 25.8333… h × $0.40 = $10.3333…
    expect(report.packing).toMatchObject({ tasksPerInstance: 4, instances: 25, rounds: 1 });
    const onDemand = report.cost.onDemand;
    if (!onDemand.known) throw new Error('on-demand price expected');
    expect(onDemand.runs[0]!.totalUsd).toBeCloseTo(10.3333, 3);
    // Per hour: a task takes a quarter of an instance; 25 instances run at once.
    expect(onDemand.hourly).toEqual({ perInstanceUsd: 0.4, perTaskUsd: 0.1, whileRunningUsd: 10 });
    expect(report.time.runs.map((r) => r.wallMinutes)).toEqual([62]);
  });

  it('the mapping limit is smaller than %N: 25 tasks, %10, max_concurrent 4, expected 45 min of a 1 h limit', () => {
    const report = estimate('#SBATCH -t 60 --array=0-24%10', { candidates: [candidate({ type: 'm7i.large', onDemand: 0.1008, spot: 0.04 })], maxConcurrent: 4 }, {}, 45);
    // 4 instances take 7, 6, 6 and 6 tasks: the longest runs 7 rounds, 2 + 7 × 60 = 422 min
    // (expected 2 + 7 × 45 = 317 min); one per instance would take ceil(25 / 4) = 7 waves × 62 = 434.
    expect(report.time).toMatchObject({ concurrency: 4, concurrencySource: 'mapping-limit', waves: 7 });
    expect(report.time.runs.map((r) => r.wallMinutes)).toEqual([422, 317]);
    expect(report.packing.onePerInstance.time.map((r) => r.wallMinutes)).toEqual([434, 329]);
    const spot = report.cost.spot;
    if (!spot.known) throw new Error('spot price expected');
    // Expected: (317 + 3 × 272) min = 1133 min × $0.04/h = $0.755333…; the longest instance 317 min.
    expect(spot.runs[1]).toMatchObject({ basis: 'expected-runtime', runtimeMinutes: 45, billedSecondsPerInstance: 19020 });
    expect(spot.runs[1]!.totalUsd).toBeCloseTo(0.755333, 5);
  });

  it('a 4-node task pays for 4 instances: $3.00/h, 30 min limit', () => {
    const report = estimate(
      '#SBATCH -t 30 -N 4 --ntasks-per-node=2 -c 8 --gres=gpu:2',
      { candidates: [candidate({ type: 'g6.12xlarge', onDemand: 3, spot: null })], purchase: 'on-demand' },
      FULL_CLUSTER,
    );
    expect(report.instance.instancesPerTask).toBe(4);
    const onDemand = report.cost.onDemand;
    if (!onDemand.known) throw new Error('on-demand price expected');
    // 32 min billed on each of 4 instances: 4 × 32/60 h × $3.00 = $6.40.
    expect(onDemand.runs[0]!.perTaskUsd).toBeCloseTo(6.4, 10);
    expect(onDemand.hourly).toEqual({ perInstanceUsd: 3, perTaskUsd: 12, whileRunningUsd: 12 });
    // Cluster: 16 CPUs per node × 4 nodes × 0.5 h = 32 core-hours × $0.012 = $0.384;
    // 2 GPUs × 4 nodes × 0.5 h = 4 GPU-hours × $0.90 = $3.60; together $3.984.
    const [cluster] = report.cluster.runs;
    expect(cluster).toMatchObject({ coreHours: 32, gpuHours: 4 });
    expect(cluster!.internalUsd).toBeCloseTo(3.984, 10);
    expect(report.cluster.internalUsdPerTaskHour).toBeCloseTo(7.968, 10);
    // Queue 240 + 30 = 270 min against 32 min in the cloud: 238 min sooner.
    expect(cluster!.timeSavedMinutes).toBe(238);
  });

  it('a single task with no limits runs at once in one wave', () => {
    const report = estimate('#SBATCH -t 10', { candidates: [candidate({ type: 't3.micro', onDemand: 0.0104, spot: 0.0031 })] });
    expect(report.time).toMatchObject({ tasks: 1, concurrency: 1, concurrencySource: 'all-at-once', waves: 1 });
  });
});

describe('what an estimate cannot know', () => {
  it('no time limit: a warning and hourly figures, never a total', () => {
    const report = estimate('#SBATCH --array=1-20%5', { candidates: [candidate({ type: 'c7i.large', onDemand: 0.0893, spot: 0.03 })] }, FULL_CLUSTER);
    expect(report.job.timeLimitMinutes).toBeNull();
    expect(report.warnings.join('\n')).toMatch(/no time limit.*no upper bound.*--time/);
    const spot = report.cost.spot;
    if (!spot.known) throw new Error('spot price expected');
    expect(spot.runs).toEqual([]);
    // Per hour: $0.03 per instance and per task; 5 running at once: $0.15/h.
    expect(spot.hourly.whileRunningUsd).toBeCloseTo(0.15, 10);
    expect(report.time.runs).toEqual([]);
    expect(report.cluster.runs).toEqual([]);
    expect(report.cluster.internalUsdPerTaskHour).toBeCloseTo(1 * 0.012, 10);
  });

  it('UNLIMITED counts as no limit; an expected runtime still gives an expected figure', () => {
    const report = estimate('#SBATCH -t UNLIMITED', { candidates: [candidate({ type: 'c7i.large', onDemand: 0.09, spot: null })], purchase: 'on-demand' }, {}, 60);
    expect(report.warnings).toHaveLength(1);
    const onDemand = report.cost.onDemand;
    if (!onDemand.known) throw new Error('on-demand price expected');
    expect(onDemand.runs.map((r) => r.basis)).toEqual(['expected-runtime']);
    // $0.09 × 62/60 h = $0.093.
    expect(onDemand.runs[0]!.totalUsd).toBeCloseTo(0.093, 10);
  });

  it('an expected runtime beyond the limit is flagged', () => {
    const report = estimate('#SBATCH -t 30', { candidates: [candidate({ type: 'c7i.large', onDemand: 0.09, spot: 0.03 })] }, {}, 90);
    expect(report.warnings.join('\n')).toMatch(/--expected-runtime 01:30:00 is longer than the time limit 00:30:00/);
  });

  it('offline outside us-east-1: no on-demand figure, the reason and how to get one; the ranking stand-in is never a price', () => {
    const report = estimate('#SBATCH -t 60', { candidates: [candidate({ type: 'c7i.large', onDemand: null, spot: null })], region: 'eu-west-1' });
    for (const cost of [report.cost.onDemand, report.cost.spot]) {
      expect(cost.known).toBe(false);
      if (cost.known) continue;
      expect(cost.howToGet).toBe("run `spawn-slurm catalog refresh --region eu-west-1` with AWS credentials to fetch eu-west-1's prices");
    }
    expect(report.cost.onDemand).toMatchObject({ reason: expect.stringMatching(/only has us-east-1 on-demand prices; c7i.large's on-demand price in eu-west-1 is unknown/) });
    expect(report.instance.chosen).toMatchObject({ onDemandUsdPerHour: null, spotUsdPerHour: null });
    expect(JSON.stringify(report)).not.toContain('12.3456');
  });

  it('a refreshed region without a price says the type is not sold there, and refreshing will not help', () => {
    const catalog = { kind: 'cache' as const, generatedAt: '2026-07-20', sources: [], refreshedRegions: ['eu-west-1'], refreshedAt: '2026-11-01' };
    const report = estimate('#SBATCH -t 60', { candidates: [candidate({ type: 'c7i.large', onDemand: null, spot: 0.02 })], region: 'eu-west-1', catalog });
    expect(report.cost.onDemand).toMatchObject({ known: false, howToGet: null, reason: expect.stringMatching(/refreshed \(2026-11-01\); it is probably not offered there/) });
  });

  it('an estimated spot price stays marked as an estimate, with its basis', () => {
    const report = estimate('#SBATCH -t 60', { candidates: [candidate({ type: 'c7i.large', onDemand: 0.09, spot: 0.03, spotEstimated: true })] });
    expect(report.cost.spot).toMatchObject({ known: true, estimated: true, basis: 'estimate: test' });
    expect(report.instance.chosen.spotEstimated).toBe(true);
  });

  it('missing cluster figures name the mapping.yaml keys to set; GPU price only for GPU jobs', () => {
    const cpu = estimate('#SBATCH -t 60', { candidates: [candidate({ type: 'c7i.large', onDemand: 0.09, spot: 0.03 })] }, { core_hour_price: 0.01 });
    expect(cpu.cluster.missingKeys).toEqual(['cluster.queue_wait']);
    expect(cpu.cluster.runs[0]).toMatchObject({ wallMinutes: null, timeSavedMinutes: null });
    expect(cpu.cluster.runs[0]!.internalUsd).toBeCloseTo(0.01, 10);
    const gpu = estimate('#SBATCH -t 60 --gres=gpu:1', { candidates: [candidate({ type: 'g6.xlarge', onDemand: 0.8, spot: 0.3 })] }, { queue_wait: 30, core_hour_price: 0.01 });
    expect(gpu.cluster.missingKeys).toEqual(['cluster.gpu_hour_price']);
    // Without the GPU price the internal cost would be too low, so there is none.
    expect(gpu.cluster.runs[0]!.internalUsd).toBeNull();
    expect(gpu.cluster.runs[0]!.wallMinutes).toBe(90);
  });

  it('shows the chosen type and at most three fallbacks', () => {
    const candidates = ['a', 'b', 'c', 'd', 'e'].map((t, i) => candidate({ type: `${t}.large`, onDemand: 0.1 + i, spot: 0.05 + i }));
    const report = estimate('#SBATCH -t 60', { candidates });
    expect(report.instance.chosen.instanceType).toBe('a.large');
    expect(report.instance.alternatives.map((a) => a.instanceType)).toEqual(['b.large', 'c.large', 'd.large']);
  });
});
