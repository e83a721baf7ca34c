import type { LintRule } from '../rule.js';
import { ruleDiagnostic, scriptRange } from '../rule.js';

export const memZero: LintRule = {
  code: 'mem-zero',
  severity: 'warning',
  title: '--mem=0 asks for all memory of a node',
  description:
    '--mem=0 means "all the memory of each node". On a cluster that is whatever the node has; in the cloud it says nothing about how much the job needs, so instance selection cannot size memory and may pick a type that is too small or too dear.',
  bad: '#!/bin/bash\n#SBATCH --mem=0\n#SBATCH --time=10\n./app\n',
  good: '#!/bin/bash\n#SBATCH --mem=16G\n#SBATCH --time=10\n./app\n',
  check(analysis) {
    const memory = analysis.job.components[0]?.memory;
    if (!memory || !('perNodeMiB' in memory) || memory.perNodeMiB !== 0) return [];
    const range = scriptRange(analysis, 'mem');
    return [
      ruleDiagnostic(this, analysis, '--mem=0 takes all memory of each node; outside the cluster it gives no size to choose an instance by', {
        hint: 'state what the job needs, e.g. --mem=16G',
        ...(range ? { range } : {}),
      }),
    ];
  },
};
