import { describe, expect, it } from 'vitest';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';
import type { ValueContext } from '../../../src/parser/values/context.js';
import { applyExport, exportEnvValue, exportSetsGetUserEnv, parseExport, type ExportPolicy } from '../../../src/parser/values/export.js';

const ctx = (release: SlurmRelease = '22.05'): ValueContext => ({ release, maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date('2026-11-23T09:00:00Z') });

function policy(value: string, release: SlurmRelease = '22.05'): ExportPolicy {
  const parsed = parseExport(value, ctx(release));
  if (!parsed.ok) throw new Error('refused');
  return parsed.value;
}

/** The submission environment of the real-Slurm runs (env -i … sbatch). */
const SUBMIT = { PATH: '/usr/bin:/bin', HOME: '/root', FOO: 'foo', BAR: 'bar', BAZ: 'baz', SLURMXTEST: 'x', SLURM_TESTVAR: 'submit' };

/** The variables the test job printed: FOO, BAR, BAZ, A, B, SLURM*. (HOME and PATH also come from the login environment.) */
function seen(value: string, release: SlurmRelease = '22.05'): Record<string, string> {
  const env = applyExport(policy(value, release), SUBMIT);
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'HOME' && name !== 'PATH'));
}

describe('parseExport', () => {
  it.each([
    ['ALL', 'all'],
    ['all', 'all'],
    ['NONE', 'none'],
    ['none', 'none'],
    ['FOO', 'list'],
    ['NIL', 'list'],
  ])('reads --export=%s as %s mode in 22.05', (value, mode) => {
    expect(policy(value).mode).toBe(mode);
  });

  it('knows NIL from 23.02', () => {
    expect(policy('NIL', '23.02').mode).toBe('nil');
    expect(policy('nil', '23.02').mode).toBe('nil');
  });

  it('lists variables in order, with ALL at its position', () => {
    expect(policy('FOO=x,ALL,BAZ')).toMatchObject({
      mode: 'list',
      includesAll: true,
      vars: [
        { name: 'FOO', value: 'x' },
        { name: 'BAZ', value: null },
      ],
      items: [{ kind: 'var', name: 'FOO', value: 'x' }, { kind: 'all' }, { kind: 'var', name: 'BAZ', value: null }],
    });
  });

  it('does not split inside quotes and unquotes whole items only [V]', () => {
    expect(policy('A="1,2",B=3').vars).toEqual([
      { name: 'A', value: '"1,2"' },
      { name: 'B', value: '3' },
    ]);
    expect(policy("'A=1,2',B=3").vars).toEqual([
      { name: 'A', value: '1,2' },
      { name: 'B', value: '3' },
    ]);
  });

  it('warns about quotes kept in a value [V]', () => {
    const parsed = parseExport('A="1,2",B=3', ctx());
    expect(parsed.ok && parsed.notes.map((n) => n.code)).toEqual(['export-quoted-value']);
  });

  it('keeps the rest of the value after an unclosed quote as one item [V: "Improperly formed environment variable"]', () => {
    const parsed = parseExport('A="1,2', ctx());
    expect(parsed.ok && parsed.value.vars).toEqual([{ name: 'A', value: '"1,2' }]);
    expect(parsed.ok && parsed.notes.map((n) => n.code)).toContain('export-unbalanced-quote');
  });

  it('explains that NONE or NIL inside a list names a variable [V]', () => {
    const parsed = parseExport('NONE,FOO=1', ctx());
    expect(parsed.ok && parsed.notes.map((n) => n.code)).toEqual(['export-keyword-in-list']);
    const nil = parseExport('NIL', ctx());
    expect(nil.ok && nil.notes[0]?.message).toContain('has no --export=NIL');
  });

  it('says which values set SLURM_GET_USER_ENV and SLURM_EXPORT_ENV [V]', () => {
    expect(exportSetsGetUserEnv(policy('ALL'))).toBe(false);
    expect(exportSetsGetUserEnv(policy('NONE'))).toBe(true);
    expect(exportSetsGetUserEnv(policy('FOO'))).toBe(true);
    expect(exportSetsGetUserEnv(policy('ALL,BAR=override'))).toBe(true);
    expect(exportSetsGetUserEnv(policy('NIL', '23.02'))).toBe(false);
    expect(exportEnvValue(policy('all'))).toBeNull();
    expect(exportEnvValue(policy('none'))).toBe('none');
  });
});

describe('applyExport (22.05, compared with the job’s env)', () => {
  it.each([
    ['ALL', { FOO: 'foo', BAR: 'bar', BAZ: 'baz', SLURMXTEST: 'x', SLURM_TESTVAR: 'submit' }],
    ['all', { FOO: 'foo', BAR: 'bar', BAZ: 'baz', SLURMXTEST: 'x', SLURM_TESTVAR: 'submit' }],
    ['NONE', { SLURMXTEST: 'x', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'NONE', SLURM_GET_USER_ENV: '1' }],
    ['none', { SLURMXTEST: 'x', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'none', SLURM_GET_USER_ENV: '1' }],
    ['FOO', { FOO: 'foo', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'FOO', SLURM_GET_USER_ENV: '1' }],
    ['FOO=x,BAZ', { FOO: 'x', BAZ: 'baz', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'FOO=x,BAZ', SLURM_GET_USER_ENV: '1' }],
    ['A="1,2",B=3', { A: '"1,2"', B: '3', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'A="1,2",B=3', SLURM_GET_USER_ENV: '1' }],
    ["'A=1,2',B=3", { A: '1,2', B: '3', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: "'A=1,2',B=3", SLURM_GET_USER_ENV: '1' }],
    ['A="1,2', { A: '"1,2', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'A="1,2', SLURM_GET_USER_ENV: '1' }],
    ['ALL,BAR=override', { FOO: 'foo', BAR: 'override', BAZ: 'baz', SLURMXTEST: 'x', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'ALL,BAR=override', SLURM_GET_USER_ENV: '1' }],
    ['BAR=override,ALL', { FOO: 'foo', BAR: 'bar', BAZ: 'baz', SLURMXTEST: 'x', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'BAR=override,ALL', SLURM_GET_USER_ENV: '1' }],
    ['SLURM_TESTVAR=mine,FOO', { FOO: 'foo', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'SLURM_TESTVAR=mine,FOO', SLURM_GET_USER_ENV: '1' }],
    ['NONE,FOO=1', { FOO: '1', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'NONE,FOO=1', SLURM_GET_USER_ENV: '1' }],
    ['', { SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: '', SLURM_GET_USER_ENV: '1' }],
    ['NIL', { SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'NIL', SLURM_GET_USER_ENV: '1' }],
  ])('--export=%s gives the job %j [V]', (value, expected) => {
    expect(seen(value)).toEqual(expected);
  });

  it('copies HOME and PATH from the submission environment only when ALL is in effect [V]', () => {
    expect(applyExport(policy('ALL'), SUBMIT).PATH).toBe('/usr/bin:/bin');
    expect(applyExport(policy('NONE'), SUBMIT).PATH).toBeUndefined();
  });

  it('keeps a SLURM_EXPORT_ENV already in the submission environment', () => {
    expect(applyExport(policy('NONE'), { SLURM_EXPORT_ENV: 'outer' }).SLURM_EXPORT_ENV).toBe('outer');
  });
});

describe('applyExport in later releases', () => {
  it('copies SLURM* (not only SLURM_) with a list from 23.02', () => {
    expect(seen('FOO', '23.02')).toMatchObject({ SLURMXTEST: 'x' });
    expect(seen('FOO', '22.05').SLURMXTEST).toBeUndefined();
  });

  it('gives NIL the SLURM variables without the login environment', () => {
    expect(seen('NIL', '23.02')).toEqual({ SLURMXTEST: 'x', SLURM_TESTVAR: 'submit', SLURM_EXPORT_ENV: 'NIL' });
  });

  it('leaves SLURM_JWT out of ALL from 26.05', () => {
    expect(applyExport(policy('ALL', '25.11'), { SLURM_JWT: 't' }).SLURM_JWT).toBe('t');
    expect(applyExport(policy('ALL', '26.05'), { SLURM_JWT: 't' }).SLURM_JWT).toBeUndefined();
  });
});
