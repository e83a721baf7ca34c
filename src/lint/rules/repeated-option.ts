import { mailTypeAccumulates } from '../../parser/apply.js';
import type { Diagnostic } from '../../parser/diagnostic.js';
import type { LintRule } from '../rule.js';
import { ruleDiagnostic } from '../rule.js';

export const repeatedOption: LintRule = {
  code: 'repeated-option',
  severity: 'info',
  title: 'An option is given twice in the script',
  description: 'sbatch keeps the last value of a repeated option (only --mail-type accumulates, observed on 22.05 and 24.11), so the earlier directive has no effect and misleads readers.',
  bad: '#!/bin/bash\n#SBATCH --time=10\n#SBATCH --time=20\n./app\n',
  good: '#!/bin/bash\n#SBATCH --time=20\n./app\n',
  check(analysis) {
    const found: Diagnostic[] = [];
    const accumulates = mailTypeAccumulates(analysis.parsed.ctx.release);
    for (const component of analysis.parsed.components.slice(0, 1)) {
      for (const setting of component.settings.values()) {
        const inScript = setting.history.filter((s) => s.kind === 'script');
        if (inScript.length < 2) continue;
        if (setting.spec.id === 'mail-type' && accumulates) continue;
        for (const earlier of inScript.slice(0, -1)) {
          if (earlier.kind !== 'script') continue;
          found.push(
            ruleDiagnostic(this, analysis, `--${setting.spec.long} is given again on line ${(inScript[inScript.length - 1] as { line: number }).line}; sbatch ignores this one`, {
              hint: 'remove the earlier directive',
              range: earlier.range,
            }),
          );
        }
      }
    }
    return found;
  },
};
