import { describe, expect, it } from 'vitest';
import { analyseScript } from '../../../src/model/analyse.js';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';
import { LINT_RULES } from '../../../src/lint/rules/index.js';
import { lintRulesFor } from '../../../src/lint/run-rules.js';

const analyse = (text: string, release: SlurmRelease = '22.05') => analyseScript({ text }, { fileName: 'job.sbatch', release, env: {}, now: new Date('2026-11-23T12:00:00Z') });

describe.each(LINT_RULES.map((rule) => [rule.code, rule] as const))('lint rule %s', (_code, rule) => {
  it('reports its bad example', () => {
    const analysis = analyse(rule.bad);
    expect(analysis.accepted).toBe(true);
    const found = rule.check(analysis);
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) {
      expect(d.code).toBe(rule.code);
      expect(d.severity).toBe(rule.severity);
      expect(d.hint).toBeTruthy();
    }
  });

  it('stays quiet on its good example', () => {
    const analysis = analyse(rule.good);
    expect(analysis.accepted).toBe(true);
    expect(rule.check(analysis)).toEqual([]);
  });

  it('has a title and a description', () => {
    expect(rule.title.length).toBeGreaterThan(5);
    expect(rule.description.length).toBeGreaterThan(40);
  });
});

describe('lint rules on particular scripts', () => {
  it('does not run on a script sbatch refuses', () => {
    expect(lintRulesFor(analyse('#!/bin/bash\n#SBATCH --bogus\n'))).toEqual([]);
  });

  it('sees per-task output names through %a, %j and %J, and none as no file', () => {
    for (const output of ['o-%a.log', 'o-%j.log', 'o-%5J.log', 'none', '/dev/null']) {
      const found = lintRulesFor(analyse(`#!/bin/bash\n#SBATCH --array=1-4 -t 5\n#SBATCH -o ${output}\ntrue\n`));
      expect(found.filter((d) => d.code === 'array-output-collision')).toEqual([]);
    }
    for (const output of ['o-%A.log', 'o-%%a.log', 'o\\\\-%a.log']) {
      const found = lintRulesFor(analyse(`#!/bin/bash\n#SBATCH --array=1-4 -t 5\n#SBATCH -o '${output}'\ntrue\n`));
      expect(found.filter((d) => d.code === 'array-output-collision').length).toBe(1);
    }
  });

  it('points no-time-limit at the directive block and suggests a limit', () => {
    const text = '#!/bin/bash\n#SBATCH -n 2\n\nsrun hostname\n';
    const [finding] = lintRulesFor(analyse(text)).filter((d) => d.code === 'no-time-limit');
    expect(finding?.range && text.slice(finding.range.start, finding.range.end)).toBe('#SBATCH -n 2');
  });

  it('does not count a repeated --mail-type up to 24.11 (it accumulates, as a real 22.05 and 24.11 do) but does from 25.05', () => {
    const text = '#!/bin/bash\n#SBATCH --mail-type=BEGIN\n#SBATCH --mail-type=END\n#SBATCH -t 5\ntrue\n';
    const codes = (release: '22.05' | '24.11' | '25.05') => lintRulesFor(analyse(text, release)).map((d) => d.code);
    expect(codes('22.05')).not.toContain('repeated-option');
    expect(codes('24.11')).not.toContain('repeated-option');
    expect(codes('25.05')).toContain('repeated-option');
    expect(codes('22.05')).toContain('release-difference');
  });
});
