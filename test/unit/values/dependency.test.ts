import { describe, expect, it } from 'vitest';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';
import type { ValueContext } from '../../../src/parser/values/context.js';
import { formatDependency, parseDependency, stripDependencyMarkers } from '../../../src/parser/values/dependency.js';
import type { Parsed } from '../../../src/parser/values/result.js';

const ctx = (release: SlurmRelease = '22.05'): ValueContext => ({ release, maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date('2026-11-23T09:00:00Z') });

function codes<T>(parsed: Parsed<T>): string[] {
  return (parsed.ok ? parsed.notes : parsed.problems).map((p) => p.code);
}

/** What scontrol shows for a value submitted on the real 22.05 (targets unknown to it, so no `_*`). */
function shown(value: string, release: SlurmRelease = '22.05'): string {
  const parsed = parseDependency(value, ctx(release));
  if (!parsed.ok) throw new Error(`refused: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return formatDependency(parsed.value);
}

describe('parseDependency', () => {
  it('builds the expression tree', () => {
    expect(parseDependency('afterok:15:16,afterany:17+5', ctx())).toEqual({
      ok: true,
      notes: [{ code: 'dependency-delay-ignored', severity: 'info', message: expect.any(String), refusedBySbatch: false, at: { start: 0, end: 27 } }],
      value: {
        op: 'and',
        terms: [
          {
            type: 'afterok',
            jobs: [
              { id: 15, task: null, delayMinutes: null },
              { id: 16, task: null, delayMinutes: null },
            ],
          },
          { type: 'afterany', jobs: [{ id: 17, task: null, delayMinutes: 5 }] },
        ],
      },
    });
  });

  it.each(['', '0'])('clears the dependency for %j', (value) => {
    expect(parseDependency(value, ctx())).toEqual({ ok: true, value: null, notes: [] });
  });

  // Each pair: the value submitted to the real Slurm 22.05 and its Dependency= without the markers.
  it.each([
    ['afterok:18', 'afterok:18'],
    ['afterany:18:18,afternotok:18', 'afterany:18,afternotok:18'],
    ['singleton', 'singleton'],
    ['SINGLETON', 'singleton'],
    ['AFTEROK:160', 'afterok:160'],
    ['afterOK:160', 'afterok:160'],
    ['after:160+5', 'after:160+5'],
    ['afterok:160+5', 'afterok:160+5'],
    ['afterok:160(unfulfilled)', 'afterok:160'],
    ['afterok:160(fulfilled)', 'afterok:160'],
    ['afterok:160,afterany:160', 'afterok:160,afterany:160'],
    ['afterok:160:160', 'afterok:160'],
    ['afterok:160?afterany:160', 'afterok:160?afterany:160'],
    ['afterok:161_2', 'afterok:161_2'],
    ['afterok:161_*', 'afterok:161_*'],
    ['afterok:161_[1-2]', 'afterok:161_1,afterok:161_2'],
    ['afterok:161_[1-2,3]', 'afterok:161_1,afterok:161_2,afterok:161_3'],
    ['afterok:161_[1-2]+5', 'afterok:161_1,afterok:161_2+5'],
    ['afterok:161_[1-2]:160', 'afterok:161_1,afterok:161_2,afterok:160'],
    ['afterok:161_[1-5:2]', 'afterok:161_1,afterok:161_3'],
    ['afterok:161_[1-3:2]', 'afterok:161_1'],
    ['afterok:161_[-3]', 'afterok:161_0,afterok:161_1,afterok:161_2,afterok:161_3'],
    ['afterok:161_[a1]', 'afterok:161_1'],
    ['afterok:161_[1,,3]', 'afterok:161_0,afterok:161_1,afterok:161_3'],
    ['afterany:160_[1]', 'afterany:160_1'],
    ['afterok:161_', 'afterok:161_0'],
    ['afterok:161_-1', 'afterok:161_*'],
    ['afterok:161_-2', 'afterok:161'],
    ['160', 'afterany:160'],
    ['160,161', 'afterany:160,afterany:161'],
    ['161_2', 'afterany:161_2'],
    ['afterok:161,160', 'afterok:161,afterany:160'],
    ['singleton,afterok:160', 'singleton,afterok:160'],
    ['afterok:160,singleton', 'afterok:160,singleton'],
    ['afterburstbuffer:160', 'afterburstbuffer:160'],
    ['afterburstbxyz:160', 'afterburstbuffer:160'],
    ['afterburstb:160', 'afterburstbuffer:160'],
    ['aftercorr:161', 'aftercorr:161'],
    ['after:160+5:161+10', 'after:160+5,after:161+10'],
    ['after:160:161+10', 'after:160,after:161+10'],
    ['afterok:999999', 'afterok:999999'],
    ['afterok:-5', 'afterok:4294967291'],
    ['afterok:99999999999', 'afterok:1215752191'],
    ['afterok: 160', 'afterok:160'],
    ['afterok:+160', 'afterok:160'],
    ['after:160+99999999999', 'after:160+70427578'],
    ['afterok:160,161', 'afterok:160,afterany:161'],
    ['afterok:160?161', 'afterok:160?afterany:161'],
    ['afterany:160(unfulfilled),afterok:161(unfulfilled)', 'afterany:160,afterok:161'],
    ['singleton?singleton', 'singleton'],
    ['afterok:160_5?afterok:160_5', 'afterok:160_5'],
  ])('reads %s as Slurm 22.05 shows %s [V]', (value, expected) => {
    expect(shown(value)).toBe(expected);
  });

  it.each([
    'afterfoo:1',
    'whenever:1',
    'afterok:0',
    'afterok:',
    'afterok:x',
    'afterok:4294967296',
    'afterok:160,',
    ',afterok:160',
    'afterok:160?',
    'singletonx',
    'singleton:',
    'afterb:160',
    'after:160+0',
    'after:160+-5',
    'afterok:160(junk',
    'afterok:160)(failed)',
    'afterok:161_x',
    'afterok:161_[3-1]',
    'afterok:161_[1-2',
    'afterok:161_[]',
    '160,afterok:161',
    '161,afterok:160',
    'afterok:161_[5-1001]',
  ])('refuses %s with "Job dependency problem" [V]', (value) => {
    const parsed = parseDependency(value, ctx());
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]).toMatchObject({ code: 'invalid-dependency', refusedBySbatch: true });
    expect(!parsed.ok && parsed.problems[0]?.message).toContain('Job dependency problem');
  });

  it('locates a syntax error in the value', () => {
    const parsed = parseDependency('afterok:160,afterfoo:1', ctx());
    expect(!parsed.ok && parsed.problems[0]?.at).toEqual({ start: 12, end: 22 });
  });

  it('expands array brackets only up to MaxArraySize-1', () => {
    expect(parseDependency('afterok:161_[1000]', ctx()).ok).toBe(true);
    expect(parseDependency('afterok:161_[1001]', ctx()).ok).toBe(false);
    expect(parseDependency('afterok:161_[1001]', { ...ctx(), maxArraySize: 100001 }).ok).toBe(true);
  });

  describe('mixed separators', () => {
    it('22.05 treats the whole list as OR and warns [V]', () => {
      const parsed = parseDependency('afterok:160,afterok:161?afterany:160', ctx());
      expect(parsed.ok && formatDependency(parsed.value)).toBe('afterok:160?afterok:161?afterany:160');
      expect(codes(parsed)).toContain('dependency-mixed-separators');
    });

    it('25.11 refuses them', () => {
      const parsed = parseDependency('afterok:160,afterok:161?afterany:160', ctx('25.11'));
      expect(parsed.ok).toBe(false);
      expect(codes(parsed)).toContain('dependency-mixed-separators');
    });
  });

  describe('text after the last job id', () => {
    it.each([
      ['after:160+5x', 'after:160+5'],
      ['after:160+5xyz,afterany:161', 'after:160+5'],
      ['afterok:160(failed)junk', 'afterok:160'],
    ])('22.05 ignores the end of %s [V]', (value, expected) => {
      const parsed = parseDependency(value, ctx());
      expect(parsed.ok && formatDependency(parsed.value)).toBe(expected);
      expect(codes(parsed)).toContain('dependency-trailing-text');
    });

    it('25.11 refuses it', () => {
      expect(codes(parseDependency('after:160+5x', ctx('25.11')))).toContain('dependency-trailing-text');
      expect(parseDependency('after:160+5x', ctx('25.11')).ok).toBe(false);
    });
  });

  describe('(state) markers', () => {
    it('marks a (failed) dependency so the job never runs [V]', () => {
      const parsed = parseDependency('afterok:160(failed)', ctx());
      expect(parsed.ok && formatDependency(parsed.value)).toBe('afterok:160');
      expect(codes(parsed)).toContain('dependency-marked-failed');
    });

    it.each([
      ['afterok:160,afterany:161(unfulfilled)', 'afterok:160'],
      ['afterok:160:161(failed)', 'afterok:160'],
      ['singleton,afterok:160(failed)', 'singleton'],
    ])('lets the first item swallow a later marker and what precedes it: %s [V]', (value, expected) => {
      expect(shown(value)).toBe(expected);
    });
  });

  it('warns from 23.02 that afterok/afternotok need jobs that still exist', () => {
    expect(codes(parseDependency('afterok:999999', ctx('22.05')))).not.toContain('dependency-job-must-exist');
    expect(codes(parseDependency('afterok:999999', ctx('23.02')))).toContain('dependency-job-must-exist');
    expect(codes(parseDependency('afterany:999999', ctx('23.02')))).not.toContain('dependency-job-must-exist');
  });

  it('warns that expand needs the site to allow it [V: "Requested operation not supported on this system"]', () => {
    expect(codes(parseDependency('expand:160', ctx()))).toContain('dependency-expand');
    expect(parseDependency('expand:160:161', ctx()).ok).toBe(false);
  });

  it('warns about a wrapped job id', () => {
    expect(codes(parseDependency('afterok:-5', ctx()))).toContain('dependency-job-id-wrapped');
  });
});

describe('formatDependency', () => {
  it('prints nothing for no dependency', () => {
    expect(formatDependency(null)).toBe('');
  });

  it('prints one item per job, as scontrol does', () => {
    expect(
      formatDependency({
        op: 'or',
        terms: [
          {
            type: 'afterok',
            jobs: [
              { id: 1, task: '*', delayMinutes: null },
              { id: 2, task: 3, delayMinutes: null },
            ],
          },
          { type: 'singleton', jobs: [] },
          { type: 'after', jobs: [{ id: 4, task: null, delayMinutes: 10 }] },
        ],
      }),
    ).toBe('afterok:1_*?afterok:2_3?singleton?after:4+10');
  });
});

describe('stripDependencyMarkers', () => {
  it.each([
    ['afterok:15(unfulfilled)', 'afterok:15'],
    ['afterany:15(unfulfilled),afternotok:15(unfulfilled)', 'afterany:15,afternotok:15'],
    ['singleton(unfulfilled)', 'singleton'],
    ['afterok:104(failed)?afterok:103(unfulfilled)', 'afterok:104?afterok:103'],
    ['(null)', ''],
  ])('turns the scontrol text %s into %s [V]', (text, expected) => {
    expect(stripDependencyMarkers(text)).toBe(expected);
  });
});
