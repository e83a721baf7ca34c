import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { compareStartup, runNode } from './harness.mjs';
import { ensureCorpus } from './corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'spawn-slurm.cjs');
const example = join(root, 'fixtures', 'examples', 'mpi-simulation.sbatch');

export const lintBenchmarks = [
  {
    name: 'lint.startup',
    run() {
      const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 40);
      const { baseline, candidate } = compareStartup([process.execPath, ['-e', '0']], [process.execPath, [bin, 'lint', example]], runs);
      return {
        'lint.startup_ratio': {
          value: candidate / baseline,
          goal: '≤ 1.3',
          note: `median of ${runs} interleaved runs: lint of one script ${(candidate * 1000).toFixed(1)} ms vs node -e 0 ${(baseline * 1000).toFixed(1)} ms`,
        },
      };
    },
  },
  {
    name: 'lint.throughput',
    run() {
      const count = 10_000;
      const dir = ensureCorpus(join(root, 'bench', 'tmp', 'lint-corpus'), count);
      const best = [1, 2, 3].map(() => runNode([bin, 'lint', '--format', 'json', dir])).sort((a, b) => a.seconds - b.seconds)[0];
      if (best.status !== 0 && best.status !== 1) throw new Error(`lint failed: ${best.stderr}`);
      const linted = JSON.parse(best.stdout).files.length;
      if (linted !== count) throw new Error(`lint saw ${linted} scripts, expected ${count}`);
      return {
        'lint.scripts_per_second': { value: count / best.seconds, goal: '≥ 5000', note: `${count} generated scripts, one invocation, best of 3 (${best.seconds.toFixed(2)} s)` },
        'lint.peak_mb': { value: best.peakMb, note: 'peak resident memory of that invocation' },
      };
    },
  },
];
