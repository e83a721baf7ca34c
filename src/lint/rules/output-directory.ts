import type { Diagnostic } from '../../parser/diagnostic.js';
import type { LintRule } from '../rule.js';
import { ruleDiagnostic, scriptRange } from '../rule.js';

/** `.`, `..`, `./..`, `/.`: a directory made of nothing but `.` and `..` always exists (the working directory, a parent of it, or /). */
const alwaysExists = (directory: string) => directory.split('/').every((segment) => segment === '' || segment === '.' || segment === '..');

export const outputDirectory: LintRule = {
  code: 'output-directory',
  severity: 'info',
  title: 'The output file is in a directory Slurm will not create',
  description:
    'Slurm opens --output/--error on the node when the job starts and does not create missing directories; if logs/ does not exist the job fails with no output at all. spawn-slurm creates the directory when it runs the job itself, a cluster does not.',
  bad: '#!/bin/bash\n#SBATCH --output=logs/%j.out\n#SBATCH --time=10\n./app\n',
  good: '#!/bin/bash\n#SBATCH --output=%x-%j.out\n#SBATCH --time=10\n./app\n',
  check(analysis) {
    const found: Diagnostic[] = [];
    for (const option of ['output', 'error'] as const) {
      const pattern = analysis.job[option];
      if (!pattern || /^none$/i.test(pattern) || pattern.startsWith('/dev/')) continue;
      const slash = pattern.lastIndexOf('/');
      if (slash <= 0) continue;
      const directory = pattern.slice(0, slash);
      if (alwaysExists(directory)) continue;
      const range = scriptRange(analysis, option);
      found.push(
        ruleDiagnostic(this, analysis, `--${option} writes into ${directory}/, which must exist before the job starts on a cluster`, {
          hint: `create it before submitting (mkdir -p ${directory})`,
          ...(range ? { range } : {}),
        }),
      );
    }
    return found;
  },
};
