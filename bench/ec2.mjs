// EC2 figures. `ec2.packed_cost_ratio`: what the array example costs packed (the Plan's layout, which
// estimate, convert and submit share) divided by one fresh instance per task, both from `estimate --json`
// of the same run, at the time limit and the purchase the Plan buys.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { runNode } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'spawn-slurm.cjs');
const EXAMPLE = join(root, 'fixtures', 'examples', 'array-sweep.sbatch');

function totalAtLimit(cost) {
  if (!cost.known) throw new Error(`no ${cost.purchase} price: ${cost.reason}`);
  const run = cost.runs.find((r) => r.basis === 'time-limit');
  if (!run) throw new Error('the example has no time limit');
  return run.totalUsd;
}

export const benchmarks = [
  {
    name: 'ec2-packing',
    run() {
      const result = runNode([bin, 'estimate', EXAMPLE, '--json'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
      if (result.status !== 0) throw new Error(`estimate failed (${result.status}): ${result.stderr}`);
      const report = JSON.parse(result.stdout);
      const bought = report.instance.boughtAs === 'spot' ? 'spot' : 'onDemand';
      const packed = totalAtLimit(report.cost[bought]);
      const single = totalAtLimit(report.packing.onePerInstance.cost[bought]);
      const { tasksPerInstance, instances } = report.packing;
      return {
        'ec2.packed_cost_ratio': {
          value: packed / single,
          goal: '< 1',
          note: `fixtures/examples/array-sweep.sbatch: $${packed.toFixed(2)} packed (${tasksPerInstance} per instance, ${instances} × ${report.instance.chosen.instanceType}) ÷ $${single.toFixed(2)} (${report.packing.onePerInstance.instances} × ${report.packing.onePerInstance.instanceType})`,
        },
      };
    },
  },
];
