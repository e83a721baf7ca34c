import { describe, expect, it } from 'vitest';
import { confirmLaunch, launchCost, launchSummary } from '../../../src/cli/launch-confirmation.js';
import { estimateJob } from '../../../src/estimate/estimate-job.js';
import { candidate, planFor } from '../estimate/plan-fixture.js';

function reportFor(directives: string, purchase: 'spot' | 'on-demand' | 'spot-with-fallback', expected: number | null = null) {
  const { plan, placement } = planFor(directives, {
    candidates: [candidate({ type: 'c7i.xlarge', onDemand: 0.4, spot: 0.1, purchase: purchase === 'on-demand' ? 'on-demand' : 'spot' })],
    purchase,
  });
  return estimateJob({ plan, placement, cluster: {}, expectedRuntimeMinutes: expected });
}

describe('what submit shows and asks before launching', () => {
  it('bounds the cost by the dearest purchase the plan may buy: spot-with-fallback may buy on-demand', () => {
    // 10 tasks of 60 min, one instance each at once: 10 × 62 min × $0.40 = $4.1333 on demand, $1.0333 spot.
    const fallback = launchCost(reportFor('#SBATCH -t 60 --array=0-9', 'spot-with-fallback'), 90);
    expect(fallback.upperBoundUsd).toBeCloseTo(4.1333, 3);
    expect(launchCost(reportFor('#SBATCH -t 60 --array=0-9', 'spot'), 90).upperBoundUsd).toBeCloseTo(1.0333, 3);
    expect(fallback.upperBoundBasis).toContain('time limit');
  });

  it('bounds a job without a time limit by its instances living out their time-to-live', () => {
    // 10 instances at once × $0.40/h × 2 h.
    const cost = launchCost(reportFor('#SBATCH --array=0-9', 'on-demand'), 120);
    expect(cost.upperBoundUsd).toBeCloseTo(8, 9);
    expect(cost.upperBoundBasis).toContain('time-to-live (2:00:00');
  });

  it('summarises instances, purchase, the bound, the expected cost and the wall time', () => {
    const report = reportFor('#SBATCH -t 60 --array=0-9', 'spot', 30);
    const text = launchSummary(report, launchCost(report, 90));
    expect(text).toContain('Would launch 10 × c7i.xlarge in us-east-1 (spot) for 10 tasks');
    expect(text).toMatch(/cost at most \$1\.03: every task running its time limit/);
    expect(text).toMatch(/expected \$0\.53/);
    expect(text).toContain('wall time at most 1:02:00');
  });

  it('refuses a plan above --max-cost, launches with --yes, asks on a terminal, and never launches unasked', async () => {
    const cost = { upperBoundUsd: 12.5, upperBoundBasis: 'test', expectedUsd: null };
    await expect(confirmLaunch(cost, { yes: true, maxCostUsd: 10, interactive: false })).rejects.toMatchObject({ code: 'max-cost-exceeded' });
    await expect(confirmLaunch({ ...cost, upperBoundUsd: null }, { yes: true, maxCostUsd: 10, interactive: false })).rejects.toMatchObject({ code: 'max-cost-unknown' });
    await expect(confirmLaunch(cost, { yes: true, maxCostUsd: 20, interactive: false })).resolves.toBeUndefined();
    await expect(confirmLaunch(cost, { yes: false, maxCostUsd: null, interactive: false })).rejects.toMatchObject({ code: 'launch-not-confirmed' });
    const questions: string[] = [];
    const ask = (answer: string) => async (q: string) => {
      questions.push(q);
      return answer;
    };
    await expect(confirmLaunch(cost, { yes: false, maxCostUsd: null, interactive: true, ask: ask('y') })).resolves.toBeUndefined();
    await expect(confirmLaunch(cost, { yes: false, maxCostUsd: null, interactive: true, ask: ask('') })).rejects.toMatchObject({ code: 'launch-declined' });
    await expect(confirmLaunch(cost, { yes: false, maxCostUsd: null, interactive: true, ask: ask('nope') })).rejects.toMatchObject({ code: 'launch-declined' });
    expect(questions).toEqual(Array(3).fill('Would you like to proceed? [y/N] '));
  });
});
