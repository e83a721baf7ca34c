import { describe, expect, it } from 'vitest';
import { optionTable } from '../../../src/parser/option-table.js';
import { SLURM_RELEASES } from '../../../src/parser/slurm-release.js';
import { valueParsersA } from '../../../src/parser/values/by-option-a.js';
import { accepted, context, refused, release } from './helpers.js';

/** Options whose values another module parses. */
const PART_B = new Set([
  'gres',
  'gpus',
  'gpus-per-node',
  'gpus-per-socket',
  'gpus-per-task',
  'dependency',
  'begin',
  'deadline',
  'output',
  'error',
  'input',
  'nodelist',
  'exclude',
  'nodefile',
  'export',
]);

describe('valueParsersA', () => {
  it('covers every option with an argument in every release, except those of part B', () => {
    const missing = new Set<string>();
    for (const r of SLURM_RELEASES) {
      for (const spec of optionTable(r).options) {
        if (spec.arg !== 'none' && !PART_B.has(spec.long) && !(spec.long in valueParsersA)) missing.add(spec.long);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('has no parser for an option sbatch does not have', () => {
    const known = new Set(SLURM_RELEASES.flatMap((r) => optionTable(r).options.map((o) => o.long)));
    expect(Object.keys(valueParsersA).filter((name) => !known.has(name))).toEqual([]);
  });

  it('dispatches by long option name', () => {
    const ctx = context();
    expect(accepted(valueParsersA.time!('1-12', ctx))).toBe(36 * 60);
    expect(accepted(valueParsersA['time-min']!('30', ctx))).toBe(30);
    expect(accepted(valueParsersA.mem!('2g', ctx))).toBe(2048);
    expect(refused(valueParsersA['mem-per-cpu']!('1.5G', ctx)).message).toContain('Invalid --mem-per-cpu specification');
    expect(accepted(valueParsersA['tasks-per-node']!('2', ctx))).toBe(2);
    expect(refused(valueParsersA['tasks-per-node']!('0', ctx)).message).toContain('for --ntasks-per-node.');
    expect(accepted(valueParsersA.exclusive!(undefined, ctx))).toBe('exclusive');
    expect(accepted(valueParsersA.exclusive!('topo', release('24.05')))).toBe('topo');
    refused(valueParsersA.autocomplete!('sb', ctx), 'exits-without-submitting');
  });
});
