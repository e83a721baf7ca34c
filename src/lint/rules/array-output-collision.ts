import type { LintRule } from '../rule.js';
import { ruleDiagnostic, scriptRange } from '../rule.js';

function sharedByTasks(pattern: string | null): boolean {
  if (pattern === null) return false;
  if (/^none$/i.test(pattern) || pattern === '/dev/null') return false;
  // Any backslash switches expansion off altogether.
  if (pattern.includes('\\')) return true;
  const withoutEscapes = pattern.replace(/%%/g, '');
  return !/%(\d*)[aj]/.test(withoutEscapes) && !/%(\d*)J/.test(withoutEscapes);
}

export const arrayOutputCollision: LintRule = {
  code: 'array-output-collision',
  severity: 'warning',
  title: 'Array tasks write to the same output file',
  description: "Every task of a job array opens the --output/--error file. Without %a (or %j) in the pattern all tasks write to one file, truncating and interleaving each other's output.",
  bad: '#!/bin/bash\n#SBATCH --array=1-10\n#SBATCH --output=run.log\n#SBATCH --time=10\n./app\n',
  good: '#!/bin/bash\n#SBATCH --array=1-10\n#SBATCH --output=run-%A_%a.log\n#SBATCH --time=10\n./app\n',
  check(analysis) {
    const { job } = analysis;
    if (!job.array || job.array.count < 2) return [];
    const found = [];
    for (const [option, pattern] of [
      ['output', job.output],
      ['error', job.error],
    ] as const) {
      if (!sharedByTasks(pattern)) continue;
      const range = scriptRange(analysis, option);
      found.push(
        ruleDiagnostic(this, analysis, `all ${job.array.count} array tasks write --${option}=${pattern}`, {
          hint: `put %a in the name, e.g. --${option}=${(pattern ?? '').replace(/(\.[^./]*)?$/, '-%A_%a$1')}`,
          ...(range ? { range } : {}),
        }),
      );
    }
    return found;
  },
};
