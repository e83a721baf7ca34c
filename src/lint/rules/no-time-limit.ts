import type { LintRule } from '../rule.js';
import { ruleDiagnostic } from '../rule.js';

export const noTimeLimit: LintRule = {
  code: 'no-time-limit',
  severity: 'warning',
  title: 'No time limit',
  description:
    'Without --time the partition default applies on a cluster, but in the cloud nothing stops a hung job: an instance bills until someone notices. A limit also lets estimate give a cost ceiling.',
  bad: '#!/bin/bash\n#SBATCH -n 4\nsrun ./app\n',
  good: '#!/bin/bash\n#SBATCH -n 4\n#SBATCH --time=2:00:00\nsrun ./app\n',
  check(analysis) {
    if (analysis.job.timeLimitMinutes !== null) return [];
    // The finding belongs to the directive block as a whole: point at its first line, where a
    // `# spawn-slurm disable=no-time-limit` comment naturally sits just above.
    const first = analysis.parsed.scan.directives[0];
    return [
      ruleDiagnostic(this, analysis, 'no --time: the job may run (and bill) without bound outside the cluster', {
        hint: 'add a limit, e.g. #SBATCH --time=2:00:00',
        ...(first ? { range: { start: first.lineStart, end: first.lineEnd } } : {}),
      }),
    ];
  },
};
