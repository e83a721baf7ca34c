import { describe, expect, it } from 'vitest';
import type { SlurmRelease } from '../../../src/parser/slurm-release.js';
import type { ValueContext } from '../../../src/parser/values/context.js';
import { parseGpuSpec, parseGres } from '../../../src/parser/values/gres.js';
import type { Parsed } from '../../../src/parser/values/result.js';

const ctx = (release: SlurmRelease = '22.05'): ValueContext => ({ release, maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date('2026-11-23T09:00:00Z') });

function codes<T>(parsed: Parsed<T>): string[] {
  return (parsed.ok ? parsed.notes : parsed.problems).map((p) => p.code);
}

function refused<T>(parsed: Parsed<T>): boolean {
  return !parsed.ok && parsed.problems.some((p) => p.refusedBySbatch);
}

describe('parseGres', () => {
  it.each([
    ['gpu', [{ name: 'gpu', type: null, count: 1 }]],
    ['gpu:1', [{ name: 'gpu', type: null, count: 1 }]],
    ['gpu:2', [{ name: 'gpu', type: null, count: 2 }]],
    ['gpu:a100', [{ name: 'gpu', type: 'a100', count: 1 }]],
    ['gpu:a100:2', [{ name: 'gpu', type: 'a100', count: 2 }]],
    ['gres:gpu:1', [{ name: 'gpu', type: null, count: 1 }]],
    ['gpu:+2', [{ name: 'gpu', type: null, count: 2 }]],
    ['gpu:1k', [{ name: 'gpu', type: null, count: 1024 }]],
    ['gpu:1K', [{ name: 'gpu', type: null, count: 1024 }]],
    ['gpu:1kb', [{ name: 'gpu', type: null, count: 1000 }]],
    ['gpu:1kib', [{ name: 'gpu', type: null, count: 1024 }]],
    ['gpu:2m', [{ name: 'gpu', type: null, count: 2 * 1024 ** 2 }]],
    ['gpu:1p', [{ name: 'gpu', type: null, count: 1024 ** 5 }]],
    [
      'gpu:a100:1,gpu:v100:2',
      [
        { name: 'gpu', type: 'a100', count: 1 },
        { name: 'gpu', type: 'v100', count: 2 },
      ],
    ],
    ['mps:100', [{ name: 'mps', type: null, count: 100 }]],
    ['shard:2', [{ name: 'shard', type: null, count: 2 }]],
  ])('accepts %s as sbatch 22.05 does [V]', (value, expected) => {
    const parsed = parseGres(value, ctx());
    expect(parsed).toMatchObject({ ok: true, value: expected });
  });

  it('treats none (any case) as no GRES [V]', () => {
    expect(parseGres('none', ctx())).toEqual({ ok: true, value: [], notes: [] });
    expect(parseGres('NONE', ctx())).toEqual({ ok: true, value: [], notes: [] });
  });

  it.each(['gpu:0', 'gpu:a100:0', 'gpu:k', 'gpu:00'])('drops the count-0 request %s and says so [V]', (value) => {
    const parsed = parseGres(value, ctx());
    expect(parsed.ok && parsed.value).toEqual([]);
    expect(codes(parsed)).toContain('gres-count-zero');
  });

  it('keeps a count-0 entry of an unknown name without checking the name [V: fpga:0 accepted]', () => {
    const parsed = parseGres('fpga:0', ctx());
    expect(parsed.ok && parsed.value).toEqual([]);
    expect(codes(parsed)).not.toContain('unknown-gres-name');
  });

  it('keeps the last count of a repeated GRES and warns [V: gpu:1,gpu:2 accepted]', () => {
    const parsed = parseGres('gpu:1,gpu:2', ctx());
    expect(parsed.ok && parsed.value).toEqual([{ name: 'gpu', type: null, count: 2 }]);
    expect(codes(parsed)).toContain('duplicate-gres');
  });

  it.each([
    ['gpu:a100:x', 'invalid-gres'],
    ['gpu:', 'invalid-gres'],
    ['gpu::1', 'invalid-gres'],
    ['gpu:a:b:1', 'invalid-gres'],
    ['gpu:1:x', 'invalid-gres'],
    ['gpu:a100:-1', 'invalid-gres'],
    [':1', 'invalid-gres'],
    ['gres/gpu:1', 'invalid-gres'],
    ['gpu:1x', 'invalid-gres-count'],
    ['gpu:1.5', 'invalid-gres-count'],
    ['gpu:99999999999999999999', 'invalid-gres-count'],
    ['gpu:18446744073709551615', 'invalid-gres-count'],
    ['gpu:1,,gpu:2', 'invalid-gres'],
    ['gpu:1,', 'invalid-gres'],
    [',gpu:1', 'invalid-gres'],
    ['gres:', 'invalid-gres'],
    ['gpu:1,gpu:a100:1', 'gres-with-and-without-type'],
    ['gpu:a100:1,gpu:1', 'gres-with-and-without-type'],
    ['gpu=2', 'invalid-gres'],
  ])('refuses %s (%s) as Slurm 22.05 does [V]', (value, code) => {
    const parsed = parseGres(value, ctx());
    expect(refused(parsed)).toBe(true);
    expect(codes(parsed)).toContain(code);
  });

  it.each(['gpu:-1', 'gpu:-2'])('accepts %s with an error note: like an unknown type, only node matching refuses it [V]', (value) => {
    // Changed by the conformance suite: Slurm 22.05.8 accepts `sbatch --hold --gres=gpu:-1` (and -2);
    // without --hold the controller answers "Requested node configuration is not available", the
    // cluster-specific refusal an unknown GPU type gets as well.
    const parsed = parseGres(value, ctx());
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.notes.find((n) => n.code === 'negative-gres-count')?.severity).toBe('error');
  });

  it('quotes sbatch’s message for a malformed entry [V: bad_gres]', () => {
    const parsed = parseGres('gpu:a100:x', ctx());
    expect(!parsed.ok && parsed.problems[0]?.message).toContain('Invalid generic resource (gres) specification');
    expect(!parsed.ok && parsed.problems[0]?.at).toEqual({ start: 0, end: 10 });
  });

  it('quotes the controller’s message for a bad count [V]', () => {
    const parsed = parseGres('gpu:1x', ctx());
    expect(!parsed.ok && parsed.problems[0]?.message).toContain('Invalid Trackable RESource (TRES) specification');
  });

  it('accepts the legacy gres/ prefix from 23.02', () => {
    expect(parseGres('gres/gpu:2', ctx('23.02'))).toMatchObject({ ok: true, value: [{ name: 'gpu', type: null, count: 2 }] });
  });

  it.each(['help', 'list', 'HELP'])('refuses %s, which prints the GRES list and exits without submitting', (value) => {
    const parsed = parseGres(value, ctx());
    expect(refused(parsed)).toBe(true);
    expect(codes(parsed)).toEqual(['gres-help']);
  });

  it('warns about a name only some clusters have, without refusing [V: bad_gres refused on a gpu-only cluster]', () => {
    const parsed = parseGres('fpga:1', ctx());
    expect(parsed).toMatchObject({ ok: true, value: [{ name: 'fpga', type: null, count: 1 }] });
    const warning = parsed.ok ? parsed.notes.find((n) => n.code === 'unknown-gres-name') : undefined;
    expect(warning).toMatchObject({ severity: 'warning', refusedBySbatch: false });
    expect(warning?.message).toContain('GresTypes');
  });

  it('points out that GRES names are case-sensitive [V: GPU:1 refused]', () => {
    const parsed = parseGres('GPU:1', ctx());
    expect(parsed.ok && parsed.notes[0]).toMatchObject({ code: 'unknown-gres-name', hint: 'write gpu' });
  });

  it('warns when a number lands in the type position [V: gpu:2:3 is 3 of type "2"]', () => {
    const parsed = parseGres('gpu:2:3', ctx());
    expect(parsed).toMatchObject({ ok: true, value: [{ name: 'gpu', type: '2', count: 3 }] });
    expect(codes(parsed)).toContain('gres-numeric-type');
  });
});

describe('parseGpuSpec', () => {
  const options = ['gpus', 'gpus-per-node', 'gpus-per-socket', 'gpus-per-task'] as const;

  it.each(options)('reads [type:]count lists for --%s [V]', (option) => {
    expect(parseGpuSpec('2', ctx(), option)).toMatchObject({ ok: true, value: [{ type: null, count: 2 }] });
    expect(parseGpuSpec('a100:2', ctx(), option)).toMatchObject({ ok: true, value: [{ type: 'a100', count: 2 }] });
    expect(parseGpuSpec('a100', ctx(), option)).toMatchObject({ ok: true, value: [{ type: 'a100', count: 1 }] });
    expect(parseGpuSpec('a100:1,v100:1', ctx(), option)).toMatchObject({
      ok: true,
      value: [
        { type: 'a100', count: 1 },
        { type: 'v100', count: 1 },
      ],
    });
  });

  it.each(options)('skips empty items and empty values for --%s [V]', (option) => {
    expect(parseGpuSpec('', ctx(), option)).toEqual({ ok: true, value: [], notes: [] });
    expect(parseGpuSpec(',1', ctx(), option)).toMatchObject({ ok: true, value: [{ type: null, count: 1 }] });
    expect(parseGpuSpec('1,', ctx(), option)).toMatchObject({ ok: true, value: [{ type: null, count: 1 }] });
  });

  it('accepts --gpus=0 as no GPU at all [V]', () => {
    const parsed = parseGpuSpec('0', ctx(), 'gpus');
    expect(parsed.ok && parsed.value).toEqual([]);
    expect(codes(parsed)).toEqual(['gres-count-zero']);
  });

  it.each([
    ['1x', 'invalid-gres-count'],
    ['1.5', 'invalid-gres-count'],
    ['1,a100:1', 'gres-with-and-without-type'],
    ['a100:x', 'invalid-gres'],
  ])('refuses --gpus=%s (%s) [V]', (value, code) => {
    const parsed = parseGpuSpec(value, ctx(), 'gpus');
    expect(refused(parsed)).toBe(true);
    expect(codes(parsed)).toContain(code);
  });

  it.each(['-1', '-2'])('accepts --gpus=%s with an error note, as a held sbatch does [V]', (value) => {
    // Changed by the conformance suite: Slurm 22.05.8 accepts `sbatch --hold --gpus=-1` (TresPerJob=gres:gpu:-1).
    const parsed = parseGpuSpec(value, ctx(), 'gpus');
    expect(parsed.ok && parsed.notes.map((n) => n.code)).toContain('negative-gres-count');
  });

  it('locates the offending item within the value', () => {
    const parsed = parseGpuSpec('2,1x', ctx(), 'gpus-per-node');
    expect(!parsed.ok && parsed.problems[0]?.at).toEqual({ start: 2, end: 4 });
  });

  it('warns that --gpus=gpu:2 asks for GPUs of type "gpu" [V: TresPerJob=gres:gpu:gpu:2]', () => {
    const parsed = parseGpuSpec('gpu:2', ctx(), 'gpus');
    expect(parsed).toMatchObject({ ok: true, value: [{ type: 'gpu', count: 2 }] });
    expect(parsed.ok && parsed.notes.find((n) => n.code === 'gpu-type-named-gpu')?.hint).toBe('write --gpus=2');
  });
});
