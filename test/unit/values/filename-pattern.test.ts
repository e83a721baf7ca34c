import { describe, expect, it } from 'vitest';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';
import type { ValueContext } from '../../../src/parser/values/context.js';
import {
  defaultOutputPattern,
  expandFilenamePattern,
  expandForScontrol,
  parseFilenamePattern,
  type FilenamePattern,
  type FilenameVars,
  type ScontrolVars,
} from '../../../src/parser/values/filename-pattern.js';

const ctx = (release: SlurmRelease = '22.05'): ValueContext => ({ release, maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date('2026-11-23T09:00:00Z') });

function pattern(value: string, release: SlurmRelease = '22.05'): FilenamePattern {
  const parsed = parseFilenamePattern(value, ctx(release));
  if (!parsed.ok) throw new Error('refused');
  return parsed.value;
}

/** The batch step of a job on node `n1` of host `vm`, run as root. */
const job = (vars: Partial<FilenameVars> = {}): FilenameVars => ({ jobId: 95, jobName: 'nm', user: 'root', nodeName: 'n1', hostName: 'vm', ...vars });

function expand(value: string, vars: Partial<FilenameVars> = {}, release: SlurmRelease = '22.05'): string {
  return expandFilenamePattern(pattern(value, release), job(vars), release);
}

describe('expandFilenamePattern (22.05 batch step)', () => {
  it('expands every symbol as the real 22.05 did [V]', () => {
    expect(expand('o_%%j_%j_%J_%x_%u_%N_%n_%t_%s_%A_%a_%3j_%12j_%z_%5z_%%.txt')).toBe('o_%j_95_95_nm_root_vm_0_0_batch_95_4294967294_095_0000000095_%z_5z_%.txt');
  });

  it('names array task files from the master id and the index [V]', () => {
    const value = 'arr_%A_%a_%4a_%j.txt';
    expect(expand(value, { jobId: 102, arrayJobId: 99, arrayTaskId: 2 })).toBe('arr_99_2_0002_102.txt');
    expect(expand(value, { jobId: 99, arrayJobId: 99, arrayTaskId: 5 })).toBe('arr_99_5_0005_99.txt');
    expect(expand(defaultOutputPattern(true), { jobId: 101, arrayJobId: 100, arrayTaskId: 3 })).toBe('slurm-100_3.out');
  });

  it('matches the oracle’s output_patterns_runtime.txt [V]', () => {
    const pat = { jobName: 'pat', workDir: 'W' };
    expect(expand('outpat/nonarray_A=%A_a=%a_j=%j_J=%J_x=%x_u=%u_N=%N_n=%n_t=%t_s=%s_pct=%%.out', { ...pat, jobId: 9 })).toBe(
      'W/outpat/nonarray_A=9_a=4294967294_j=9_J=9_x=pat_u=root_N=vm_n=0_t=0_s=batch_pct=%.out',
    );
    const arrayOut = 'outpat/array_A=%A_a=%a_j=%j_x=%x_N=%N_4a=%4a_5j=%5j.out';
    expect(expand(arrayOut, { ...pat, jobId: 16, arrayJobId: 10, arrayTaskId: 1 })).toBe('W/outpat/array_A=10_a=1_j=16_x=pat_N=vm_4a=0001_5j=00016.out');
    expect(expand(arrayOut, { ...pat, jobId: 10, arrayJobId: 10, arrayTaskId: 2 })).toBe('W/outpat/array_A=10_a=2_j=10_x=pat_N=vm_4a=0002_5j=00010.out');
    expect(expand('outpat/array_%A_%a.err', { ...pat, jobId: 16, arrayJobId: 10, arrayTaskId: 1 })).toBe('W/outpat/array_10_1.err');
    expect(expand(defaultOutputPattern(true), { jobId: 12, arrayJobId: 11, arrayTaskId: 3 })).toBe('slurm-11_3.out');
  });

  it.each([
    ['j1_%05j_%5%j_%%%j', 'j1_00318_5318_%318'],
    ['j1e_%12z_%3x_%3N_%3s_%3u', 'j1e_2z_nm_vm_batch_root'],
    ['j2\\\\b_%j', 'j2\\b_%j'],
    ['j2e%5', 'j2e5'],
    ['j3_%', 'j3_%'],
    ['j3e_%%5j_%0j_%10j_%123j', 'j3e_%5j_318_0000000318_0000000318'],
    ['b\\_%j.txt', 'b_%j.txt'],
    ['a%12', 'a2'],
    ['%5%%', '5%'],
  ])('turns the corner case %s into %s [V]', (value, expected) => {
    expect(expand(value, { jobId: 318 })).toBe(expected);
  });

  it('uses (null) for a job without a name, as a 22.05 job read from stdin gets [V]', () => {
    expect(expand('%x.out', { jobName: null })).toBe('(null).out');
  });

  it('appends the step for %J of a job step', () => {
    expect(expand('%J-%s', { stepId: 3 })).toBe('95.3-3');
  });

  it('leaves a pattern without % or backslash as it is, under the working directory', () => {
    expect(expand('plain.out', { workDir: '/home/u' })).toBe('/home/u/plain.out');
    expect(expand('/abs/plain.out', { workDir: '/home/u' })).toBe('/abs/plain.out');
  });
});

describe('expandFilenamePattern in later releases', () => {
  it('uses the node name for %N from 23.02', () => {
    expect(expand('%N', {}, '23.02')).toBe('n1');
  });

  it('expands %b from 24.05 and %r, %S from 26.05', () => {
    const vars = { arrayJobId: 90, arrayTaskId: 13, restartCount: 2, sluid: 'sX1' };
    expect(expand('%b-%r-%S', vars, '22.05')).toBe('%b-%r-%S');
    expect(expand('%b-%r-%S', vars, '24.05')).toBe('3-%r-%S');
    expect(expand('%b-%2r-%S', vars, '26.05')).toBe('3-02-sX1');
  });

  it('keeps an unknown symbol with its width from 26.05', () => {
    expect(expand('%5z', {}, '25.11')).toBe('5z');
    expect(expand('%5z', {}, '26.05')).toBe('%5z');
  });
});

describe('parseFilenamePattern', () => {
  it.each(['none', 'NONE', 'None'])('maps %s to /dev/null [V]', (value) => {
    expect(pattern(value).path).toBe('/dev/null');
    expect(expand(value)).toBe('/dev/null');
  });

  it('segments a pattern', () => {
    expect(pattern('a%%b%3j%x%5').segments).toEqual([
      { kind: 'literal', text: 'a' },
      { kind: 'percent' },
      { kind: 'literal', text: 'b' },
      { kind: 'field', letter: 'j', width: 3, raw: '%3j' },
      { kind: 'field', letter: 'x', width: null, raw: '%x' },
      { kind: 'dangling', digits: '5' },
    ]);
  });

  it('reports what a linter needs to know', () => {
    expect(pattern('logs/%x-%A_%a.out')).toMatchObject({ usesArrayIndex: true, usesArrayJobId: true, usesJobId: false, directory: 'logs', directoryIsPattern: false, absolute: false });
    expect(pattern('/scratch/%u/%j/out')).toMatchObject({ usesArrayIndex: false, usesJobId: true, directory: '/scratch/%u/%j', directoryIsPattern: true, absolute: true });
    expect(pattern('out.txt')).toMatchObject({ directory: null, usesJobId: false });
    expect(pattern('x\\_%a')).toMatchObject({ escaped: true, usesArrayIndex: false });
  });

  it('notes symbols a release does not know, with what Slurm writes instead', () => {
    const parsed = parseFilenamePattern('%5z_%b', ctx());
    const messages = parsed.ok ? parsed.notes.map((n) => `${n.code}: ${n.message}`) : [];
    expect(messages).toEqual([expect.stringContaining('"5z"'), expect.stringContaining('only expanded from Slurm 24.05')]);
  });

  it('notes that a backslash turns expansion off [V]', () => {
    const parsed = parseFilenamePattern('b\\_%j.txt', ctx());
    expect(parsed.ok && parsed.notes[0]).toMatchObject({ code: 'filename-backslash', severity: 'info' });
  });

  it('warns about an empty name', () => {
    const parsed = parseFilenamePattern('', ctx());
    expect(parsed.ok && parsed.notes[0]?.code).toBe('empty-filename');
  });
});

describe('expandForScontrol (22.05, job pending)', () => {
  const show = (value: string, vars: Partial<ScontrolVars> = {}): string =>
    expandForScontrol(pattern(value), { jobId: 38, user: 'root', jobName: 'job.sbatch', workDir: '<WORKDIR>', ...vars });

  // StdOut/StdErr/StdIn printed by the real scontrol show job for held jobs.
  it.each([
    ['%A_%a.out', {}, '<WORKDIR>/38_4294967294.out'],
    ['logs/%x-%j-%u-%N.out', { jobId: 39, jobName: 'pat' }, '<WORKDIR>/logs/pat-39-root-%N.out'],
    ['logs/%x-%j.err', { jobId: 39, jobName: 'pat' }, '<WORKDIR>/logs/pat-39.err'],
    ['out_%A_%a.log', { jobId: 32, arrayJobId: 32 }, '<WORKDIR>/out_32_4294967294.log'],
    ['slurm-%j.out', { jobId: 48, workDir: '/tmp' }, '/tmp/slurm-48.out'],
    ['%j-%J-%x-%u-%N-%n-%t-%s', { jobId: 277, jobName: 's_20312.sbatch' }, '<WORKDIR>/277-%J-s_20312.sbatch-root-%N-%n-%t-%s'],
    ['%%j_%%%j', { jobId: 278 }, '<WORKDIR>/%278_%%278'],
    ['%4j_%4a_%4A', {}, '<WORKDIR>/%4j_%4a_%4A'],
    ['a\\_%j', { jobId: 280 }, '<WORKDIR>/a\\_280'],
    ['none', {}, '/dev/null'],
    ['/abs/%j.out', { jobId: 283 }, '/abs/283.out'],
    ['%z_%5z', {}, '<WORKDIR>/%z_%5z'],
    ['%', {}, '<WORKDIR>/%'],
    ['a%5', {}, '<WORKDIR>/a%5'],
    ['%x%x', { jobName: 's_20549.sbatch' }, '<WORKDIR>/s_20549.sbatch' + 's_20549.sbatch'],
    ['in_%j_%a', { jobId: 290 }, '<WORKDIR>/in_290_4294967294'],
    ['o_%A_%a_%j', { jobId: 292, arrayJobId: 292 }, '<WORKDIR>/o_292_4294967294_292'],
    ['%x', { jobName: 'my%jname' }, '<WORKDIR>/my%jname'],
  ])('shows %s as %s [V]', (value, vars, expected) => {
    expect(show(value, vars)).toBe(expected);
  });

  it('shows the default names of a pending job and array [V]', () => {
    expect(show(defaultOutputPattern(false), { jobId: 289 })).toBe('<WORKDIR>/slurm-289.out');
    expect(show(defaultOutputPattern(true), { jobId: 291, arrayJobId: 291 })).toBe('<WORKDIR>/slurm-291_4294967294.out');
  });

  it('shows a running array task with its own index', () => {
    expect(show('o_%A_%a_%j', { jobId: 295, arrayJobId: 292, arrayTaskId: 1 })).toBe('<WORKDIR>/o_292_1_295');
  });
});
