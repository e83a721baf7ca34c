import { describe, expect, it } from 'vitest';
import { analyseScript } from '../../../src/model/analyse.js';
import { outputDirectory } from '../../../src/lint/rules/output-directory.js';

const findings = (directives: string) => {
  const analysis = analyseScript({ text: `#!/bin/bash\n${directives}#SBATCH -t 5\ntrue\n` }, { fileName: 'job.sbatch', release: '22.05', env: {}, now: new Date('2026-11-23T12:00:00Z') });
  expect(analysis.accepted).toBe(true);
  return outputDirectory.check(analysis);
};

describe('lint rule output-directory', () => {
  it.each(['x.out', './x.out', '../x.out', './/x.out', './../x-%j.out', '../../x.out', '/x.out', '/./x.out', 'none', '/dev/null'])(
    'stays quiet on --output=%s: the directory always exists',
    (output) => {
      expect(findings(`#SBATCH --output=${output}\n`)).toEqual([]);
      expect(findings(`#SBATCH --error=${output}\n`)).toEqual([]);
    },
  );

  it.each([
    ['logs/x.out', 'logs'],
    ['./logs/x.out', './logs'],
    ['../logs/%j.out', '../logs'],
    ['logs/./x.out', 'logs/.'],
    ['.logs/x.out', '.logs'],
    ['.../x.out', '...'],
    ['/scratch/me/%x.out', '/scratch/me'],
  ])('reports --output=%s, whose directory %s may not exist', (output, directory) => {
    const found = findings(`#SBATCH --output=${output}\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'output-directory', message: expect.stringContaining(`writes into ${directory}/`) });
    expect(found[0]?.hint).toBe(`create it before submitting (mkdir -p ${directory})`);
  });

  it('checks --output and --error separately', () => {
    const found = findings('#SBATCH --output=./x.out\n#SBATCH --error=err/x.err\n');
    expect(found.map((d) => d.message)).toEqual(['--error writes into err/, which must exist before the job starts on a cluster']);
  });
});
