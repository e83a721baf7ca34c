import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { estimateJob } from '../../../src/estimate/estimate-job.js';
import { formatEstimate } from '../../../src/cli/format/estimate-text.js';
import { wantsColour } from '../../../src/cli/format/colour.js';
import { candidate, planFor } from './plan-fixture.js';

const plain = new Chalk({ level: 0 });

function text(directives: string, shape: Parameters<typeof planFor>[1], cluster = {}, expected: number | null = null): string {
  const { plan, placement } = planFor(directives, shape);
  return formatEstimate(estimateJob({ plan, placement, cluster, expectedRuntimeMinutes: expected }), plain);
}

describe('estimate, human output', () => {
  it('has a block per section, in order', () => {
    const out = text('#SBATCH -J sweep -t 2:00:00 --array=1-100%10', { candidates: [candidate({ type: 'c7i.xlarge', onDemand: 2.5, spot: 1.006 })] });
    const titles = out
      .split('\n')
      .filter((line) => /^\S/.test(line))
      .map((line) => line.split(/\s{2,}/)[0]);
    expect(titles).toEqual(['Job', 'Instance', 'Cost', 'Time', 'Spot', 'Cluster comparison']);
    // 10 instances, each 2 min start-up + 10 × 120 min: $1.006 × 1202/60 h × 10 = $201.54; one
    // instance per task: $1.006 × 122/60 h × 100 = $204.55.
    expect(out).toMatch(/spot +\$1\.006\/h +\$2\.02 +\$201\.54 +upper bound \(time limit\): 2:00:00 \(2 h\) run/);
    expect(out).toContain('one task per instance (100 × c7i.xlarge, spot): $204.55 for upper bound; packed saves $3.02');
    expect(out).toMatch(/Instance {2}us-east-1, spot, 1 task at a time on each of 10 instances/);
    expect(out).toMatch(/wall time +20:02:00 \(1202 min\) upper bound/);
    expect(out).toMatch(/concurrency +10 of 100 tasks at once \(the array's %10\)/);
  });

  it('never prints $0.00 for a tiny cost', () => {
    const out = text('#SBATCH -t 1', { candidates: [candidate({ type: 't4g.nano', onDemand: 0.0042, spot: 0.0013 })] });
    // $0.0013 × 3/60 h = $0.000065.
    expect(out).toContain('$0.000065');
    expect(out).not.toContain('$0.00 ');
  });

  it('without a time limit: a warning, hourly figures, no total', () => {
    const out = text('#SBATCH --array=1-20%5', { candidates: [candidate({ type: 'c7i.large', onDemand: 0.09, spot: 0.03 })] });
    expect(out).toMatch(/^warning: the job has no time limit/);
    expect(out).toMatch(/spot +\$0\.03\/h +\$0\.03\/h +\$0\.15\/h +per hour: 5 tasks running at once/);
    expect(out).not.toMatch(/ALL 20 TASKS/);
    expect(out).toMatch(/wall time +unknown: no time limit/);
  });

  it('an unknown price shows no figure, the reason and how to get one', () => {
    const out = text('#SBATCH -t 60', { candidates: [candidate({ type: 'c7i.large', onDemand: null, spot: 0.03, spotEstimated: true })], region: 'eu-west-1' });
    expect(out).toMatch(/on-demand: no price: the offline catalog only has us-east-1 on-demand prices/);
    expect(out).toContain('to get one: run `spawn-slurm catalog refresh --region eu-west-1` with AWS credentials');
    expect(out).toMatch(/spot \(estimate\) +\$0\.03\/h/);
    expect(out).not.toMatch(/on-demand +\$/);
  });

  it('compares with the cluster, or names the keys to set', () => {
    const figures = { name: 'hpc.example.edu', queue_wait: 240, core_hour_price: 0.012 };
    const out = text('#SBATCH -t 2:00:00 -c 4', { candidates: [candidate({ type: 'c7i.xlarge', onDemand: 0.2, spot: 0.1 })] }, figures);
    expect(out).toMatch(/Cluster comparison {2}hpc\.example\.edu/);
    // 4 cores × 2 h × $0.012 = $0.096 against $0.10 × 122/60 h = $0.20; queue 4 h + 2 h = 6 h against 2:02 in the cloud.
    expect(out).toMatch(/upper bound +\$0\.096 +\$0\.20 +6:00:00 \(6 h\) +2:02:00 \(122 min\) +3:58:00 \(238 min\) sooner in the cloud/);
    const missing = text('#SBATCH -t 60', { candidates: [candidate({ type: 'c7i.xlarge', onDemand: 0.2, spot: 0.1 })] });
    expect(missing).toContain('missing figures: set cluster.queue_wait, cluster.core_hour_price in mapping.yaml');
  });
});

describe('colour', () => {
  it('only on a terminal, and not with NO_COLOR', () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});
