import { describe, expect, it } from 'vitest';
import { valueParsersB } from '../../../src/parser/values/by-option-b.js';
import type { ValueContext } from '../../../src/parser/values/context.js';
import type { Parsed } from '../../../src/parser/values/result.js';

const ctx: ValueContext = { release: '22.05', maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date('2026-11-22T13:49:45Z') };

function run(option: string, value: string | undefined): Parsed<unknown> {
  const parser = valueParsersB[option];
  if (!parser) throw new Error(`no parser for ${option}`);
  return parser(value, ctx);
}

function refused(parsed: Parsed<unknown>): boolean {
  return !parsed.ok && parsed.problems.some((p) => p.refusedBySbatch);
}

describe('valueParsersB', () => {
  it('covers its options by long name', () => {
    expect(Object.keys(valueParsersB).sort()).toEqual(
      [
        'begin',
        'deadline',
        'dependency',
        'error',
        'exclude',
        'export',
        'gpus',
        'gpus-per-node',
        'gpus-per-socket',
        'gpus-per-task',
        'gres',
        'input',
        'nodefile',
        'nodelist',
        'output',
      ].sort(),
    );
  });

  it.each(Object.keys(valueParsersB))('refuses --%s without a value', (option) => {
    const parsed = run(option, undefined);
    expect(!parsed.ok && parsed.problems[0]).toMatchObject({ code: 'missing-value', refusedBySbatch: true });
  });

  // The oracle's sbatch-cli and scontrol-samples cases in this area.
  it.each([
    ['begin', 'tomorrowish', true],
    ['begin', 'now+1hour', false],
    ['dependency', 'whenever:1', true],
    ['dependency', 'afterok:999999', false],
    ['dependency', 'afterany:18:18,afternotok:18', false],
    ['dependency', 'singleton', false],
    ['gres', 'fpga:1', false],
    ['gres', 'gpu:5', false],
    ['gres', 'gpu:1', false],
    ['gpus', '2', false],
    ['gpus-per-task', '1', false],
    ['output', '/nonexistent/dir/out.txt', false],
    ['output', '%A_%a.out', false],
    ['export', 'NONE', false],
  ])('--%s=%s refused: %s [V]', (option, value, expected) => {
    expect(refused(run(option, value))).toBe(expected);
  });

  it('reads --begin=now+1hour from the submission time [V: begin_now+1hour]', () => {
    const parsed = run('begin', 'now+1hour');
    expect(parsed.ok && (parsed.value as { date: Date }).date.toISOString()).toBe('2026-11-22T14:49:45.000Z');
  });

  it('refuses a deadline in the past, as the controller does [V]', () => {
    const parsed = run('deadline', 'now-1hour');
    expect(!parsed.ok && parsed.problems[0]).toMatchObject({ code: 'deadline-in-past', refusedBySbatch: true });
    expect(run('deadline', '2020-01-01').ok).toBe(false);
    expect(run('deadline', 'now+1hour').ok).toBe(true);
  });

  it('says "Invalid --deadline specification" for a bad deadline [V]', () => {
    const parsed = run('deadline', 'garbage');
    expect(!parsed.ok && parsed.problems[0]?.message).toContain('Invalid --deadline specification');
  });

  it('reports the directory of an output file, which Slurm does not create [V: bad_output_dir accepted]', () => {
    const parsed = run('output', '/nonexistent/dir/out.txt');
    expect(parsed.ok && parsed.value).toMatchObject({ directory: '/nonexistent/dir' });
  });

  it('refuses an empty --nodefile', () => {
    expect(refused(run('nodefile', ''))).toBe(true);
  });
});
