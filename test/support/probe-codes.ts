/**
 * Runs the real parsers over inputs chosen to fail, to learn which concrete codes the code templates
 * (`invalid-${option}`, `empty-${option}`, …) produce. Reading the sources cannot tell that.
 */
import { parseScript } from '../../src/parser/parse-script.js';
import { SLURM_RELEASES } from '../../src/parser/slurm-release.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../../src/parser/values/context.js';
import { valueParsers } from '../../src/parser/values/registry.js';

const BAD_VALUES = [undefined, '', 'zzz', 'help', '-1', '0', '2', '7', '99999999999999999999', '1.5', 'x:y', '=', ',', 'now+', 'NONE,zzz'];

/** Directive lines for the foreign dialects sbatch translates (#PBS, #BSUB), each wrong. */
const FOREIGN_LINES = ['#PBS -Z', '#PBS -l zzz', '#PBS stray', '#BSUB -Z', '#BSUB -n zzz', '#BSUB stray'];

export function probedCodes(): Set<string> {
  const codes = new Set<string>();
  const now = new Date('2026-01-15T12:00:00Z');
  for (const release of SLURM_RELEASES) {
    const ctx = { release, maxArraySize: DEFAULT_MAX_ARRAY_SIZE, arraySizeIsHardLimit: true, now };
    for (const parse of Object.values(valueParsers)) {
      for (const value of BAD_VALUES) {
        const result = parse(value, ctx);
        for (const problem of result.ok ? result.notes : result.problems) codes.add(problem.code);
      }
    }
    for (const line of FOREIGN_LINES) {
      const parsed = parseScript(`#!/bin/bash\n${line}\necho hi\n`, { fileName: 'probe.sh', release, now });
      for (const d of parsed.diagnostics) codes.add(d.code);
    }
  }
  return codes;
}
