import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../support/run-cli.js';

// A home, config and cache of its own: a user's mapping.yaml or refreshed catalog must not leak in.
const home = mkdtempSync(join(tmpdir(), 'spawn-slurm-estimate-'));
const env = { HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config') };
const GPU_TRAIN = fixture('examples', 'gpu-train.sbatch');
const COMPLETE = fixture('mapping', 'complete.yaml');

const estimate = (...args: string[]) => runCli(['estimate', ...args], { env, cwd: home });
const json = (...args: string[]) => {
  const result = estimate(...args, '--json');
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
};

function script(text: string): string {
  const dir = join(home, `job-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const file = join(dir, 'job.sbatch');
  writeFileSync(file, text);
  return file;
}

describe('spawn-slurm estimate (built binary)', () => {
  it('reads options after the script as sbatch does (-c is --cpus-per-task there) and --config before it', () => {
    const after = json(GPU_TRAIN, '-c', '4');
    expect(JSON.stringify(after)).toContain('"cpusPerNode":4');
    const before = estimate('--config', COMPLETE, GPU_TRAIN, '-c', '4');
    expect(before.status, before.stderr).toBe(0);
    expect(before.stdout).toContain('hpc.example.edu');
  });

  it('prices gpu-train.sbatch without a mapping: one block per section, cluster figures asked for', () => {
    const result = estimate(GPU_TRAIN);
    expect(result.status, result.stderr).toBe(0);
    for (const section of ['Job', 'Instance', 'Cost', 'Time', 'Spot', 'Cluster comparison']) expect(result.stdout).toMatch(new RegExp(`^${section}`, 'm'));
    expect(result.stdout).toMatch(/name +train-resnet/);
    expect(result.stdout).toMatch(/time limit +12:00:00 \(12 h\)/);
    expect(result.stdout).toContain('set cluster.queue_wait, cluster.core_hour_price, cluster.gpu_hour_price in mapping.yaml');
    // The mapping stage's findings go to standard error, not into the report.
    expect(result.stderr).toContain('module-not-mapped');
    expect(result.stdout).not.toContain('module-not-mapped');
  });

  it('--json: the figures agree with the prices they are built from', () => {
    const report = json(GPU_TRAIN);
    expect(report).toMatchObject({ version: 1, job: { name: 'train-resnet', tasks: 1, timeLimitMinutes: 720 }, instance: { region: 'us-east-1', purchase: 'spot', instancesPerTask: 1 } });
    expect(report.instance.chosen.gpu).toMatchObject({ model: 'a100' });
    const spot = report.cost.spot;
    expect(spot.known).toBe(true);
    // 12 h limit + 2 min start-up = 722 min billed on one instance.
    expect(spot.runs[0].billedSecondsPerInstance).toBe(722 * 60);
    expect(spot.runs[0].totalUsd).toBeCloseTo((spot.usdPerHour * 722) / 60, 9);
    expect(report.cost.onDemand.runs[0].totalUsd).toBeCloseTo((report.instance.chosen.onDemandUsdPerHour * 722) / 60, 9);
    expect(report.time).toMatchObject({ concurrency: 1, waves: 1, runs: [{ basis: 'time-limit', wallMinutes: 722 }] });
    expect(report.cluster.missingKeys).toEqual(['cluster.queue_wait', 'cluster.core_hour_price', 'cluster.gpu_hour_price']);
  });

  it('compares with the cluster of fixtures/mapping/complete.yaml', () => {
    const report = json(GPU_TRAIN, '--config', COMPLETE, '--expected-runtime', '8:00:00');
    expect(report.cluster).toMatchObject({ name: 'hpc.example.edu', queueWaitMinutes: 240, coreHourPriceUsd: 0.012, gpuHourPriceUsd: 0.9, missingKeys: [] });
    const [limit, expected] = report.cluster.runs;
    // 8 cores × $0.012 + 1 GPU × $0.90 = $0.996 per hour; × 12 h = $11.952; × 8 h = $7.968.
    expect(limit.internalUsd).toBeCloseTo(11.952, 9);
    expect(expected.internalUsd).toBeCloseTo(7.968, 9);
    // Cluster: 4 h queue + 12 h = 960 min; cloud: 722 min; 238 min sooner.
    expect(limit).toMatchObject({ wallMinutes: 960, cloudWallMinutes: 722, timeSavedMinutes: 238 });
    const human = estimate(GPU_TRAIN, '--config', COMPLETE);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/Cluster comparison {2}hpc\.example\.edu/);
    expect(human.stdout).toMatch(/internal price +8 cores × \$0\.012 \+ 1 GPU × \$0\.90 = \$0\.996\/h per task/);
  });

  it('offline in eu-west-1: no on-demand price, the reason and how to get one', () => {
    const human = estimate(GPU_TRAIN, '--region', 'eu-west-1');
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/on-demand: no price: the offline catalog only has us-east-1 on-demand prices/);
    expect(human.stdout).toContain('run `spawn-slurm catalog refresh --region eu-west-1` with AWS credentials');
    expect(human.stdout).not.toMatch(/^ {2}on-demand +\$/m);
    const report = json(GPU_TRAIN, '--region', 'eu-west-1');
    expect(report.instance.region).toBe('eu-west-1');
    expect(report.instance.chosen.onDemandUsdPerHour).toBeNull();
    expect(report.cost.onDemand).toMatchObject({ known: false, howToGet: expect.stringContaining('catalog refresh --region eu-west-1') });
    expect(report.cost.onDemand.runs).toBeUndefined();
  });

  it('a job without a time limit: a warning and hourly figures, never a total', () => {
    const file = script('#!/bin/bash\n#SBATCH --array=1-100%10 -c 4 --mem=8G\nrun\n');
    const result = estimate(file);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^warning: the job has no time limit/m);
    expect(result.stdout).toMatch(/per hour: 10 tasks running at once/);
    expect(result.stdout).not.toMatch(/ALL 100 TASKS/);
    expect(result.stdout).not.toContain('$0.00');
    const report = json(file);
    expect(report.cost.spot.runs).toEqual([]);
    // 10 tasks at once on the packed instances: a task pays its share of one.
    expect(report.packing.instances * report.packing.tasksPerInstance).toBeGreaterThanOrEqual(10);
    expect(report.cost.spot.hourly.whileRunningUsd).toBeCloseTo(report.cost.spot.usdPerHour * report.packing.instances, 9);
    expect(report.cost.spot.hourly.perTaskUsd).toBeCloseTo(report.cost.spot.usdPerHour / report.packing.tasksPerInstance, 9);
  });

  it('takes --expected-runtime before or after the script name', () => {
    expect(json('--expected-runtime', '90', GPU_TRAIN).job.expectedRuntimeMinutes).toBe(90);
    expect(json(GPU_TRAIN, '--expected-runtime=1:30:00').job.expectedRuntimeMinutes).toBe(90);
  });

  it('exit status 2 for a bad --expected-runtime, naming the flag and the accepted forms', () => {
    const result = estimate(GPU_TRAIN, '--expected-runtime', 'soon');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--expected-runtime "soon" is not a duration');
    expect(result.stderr).toContain('HH:MM:SS');
    expect(result.stdout).toBe('');
  });

  it('exit status 1 for a script sbatch refuses or a broken mapping.yaml, with the findings located', () => {
    const refused = estimate(fixture('examples', 'broken.sbatch'));
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/broken\.sbatch:3:9 error unknown-option/);
    const badMapping = estimate(GPU_TRAIN, '--config', fixture('mapping', 'broken', 'bad-durations.yaml'));
    expect(badMapping.status).toBe(1);
    expect(badMapping.stderr).toMatch(/bad-durations\.yaml:\d+:\d+ error/);
  });
});
