import type { Diagnostic } from '../../parser/diagnostic.js';
import { releaseAtLeast } from '../../parser/slurm-release.js';
import type { LintRule } from '../rule.js';
import { ruleDiagnostic, scriptRange } from '../rule.js';

export const releaseDifference: LintRule = {
  code: 'release-difference',
  severity: 'info',
  title: 'The option behaves differently across Slurm releases',
  description:
    'Some options mean different things on different Slurm releases (slurm-semantics.md §8). A script that relies on one behaviour breaks quietly when the cluster is upgraded or the job moves.',
  bad: '#!/bin/bash\n#SBATCH --mail-type=BEGIN\n#SBATCH --mail-type=END\n#SBATCH --time=10\n./app\n',
  good: '#!/bin/bash\n#SBATCH --mail-type=BEGIN,END\n#SBATCH --time=10\n./app\n',
  check(analysis) {
    const found: Diagnostic[] = [];
    const release = analysis.parsed.ctx.release;
    const settings = analysis.parsed.components[0]?.settings;
    if (!settings) return found;
    const mail = settings.get('mail-type');
    if (mail && mail.history.length > 1) {
      const range = scriptRange(analysis, 'mail-type');
      found.push(
        ruleDiagnostic(this, analysis, 'repeated --mail-type: Slurm 22.05 and 24.11 add the values up; releases from 25.05 on are documented to keep only the last', {
          hint: 'give all mail types in one directive: --mail-type=BEGIN,END',
          ...(range ? { range } : {}),
        }),
      );
    }
    const component = analysis.job.components[0];
    if (settings.has('ntasks-per-node') && !settings.has('ntasks') && component) {
      const range = scriptRange(analysis, 'ntasks-per-node');
      found.push(
        ruleDiagnostic(
          this,
          analysis,
          releaseAtLeast(release, '23.02')
            ? '--ntasks-per-node without --ntasks: Slurm 22.05 sets SLURM_NTASKS to nodes × tasks-per-node in sbatch, later releases leave it to the node'
            : '--ntasks-per-node without --ntasks: this release (22.05) sets --ntasks to nodes × tasks-per-node; from 23.02 on sbatch no longer does',
          { hint: 'give --ntasks too if the script relies on SLURM_NTASKS', ...(range ? { range } : {}) },
        ),
      );
    }
    if (!releaseAtLeast(release, '26.05') && settings.has('gpus-per-node') && /(^|,)(gres\/)?gpu([:=,]|$)/.test(settings.get('gres')?.raw ?? '')) {
      const range = scriptRange(analysis, 'gpus-per-node');
      found.push(
        ruleDiagnostic(this, analysis, '--gres=gpu together with --gpus-per-node is accepted here but refused from Slurm 26.05 on', {
          hint: 'ask for GPUs one way only',
          ...(range ? { range } : {}),
        }),
      );
    }
    if (!releaseAtLeast(release, '23.02') && settings.has('exclusive') && settings.has('oversubscribe')) {
      const range = scriptRange(analysis, 'exclusive');
      found.push(
        ruleDiagnostic(this, analysis, '--exclusive with --oversubscribe: the later one wins here, but Slurm 23.02 and later refuse the pair', {
          hint: 'keep only one of them',
          ...(range ? { range } : {}),
        }),
      );
    }
    return found;
  },
};
