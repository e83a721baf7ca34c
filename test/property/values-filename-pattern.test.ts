import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLURM_RELEASES } from '../../src/parser/slurm-release.js';
import type { ValueContext } from '../../src/parser/values/context.js';
import { expandFilenamePattern, expandForScontrol, parseFilenamePattern } from '../../src/parser/values/filename-pattern.js';

const vars = { jobId: 7, jobName: 'job', user: 'u', nodeName: 'n1', hostName: 'h1' };

describe('expandFilenamePattern', () => {
  it('leaves a name without % and \\ unchanged, in every release', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[%\\]/.test(s) && s.toLowerCase() !== 'none'),
        fc.constantFrom(...SLURM_RELEASES),
        (name, release) => {
          const ctx: ValueContext = { release, maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date(0) };
          const parsed = parseFilenamePattern(name, ctx);
          if (!parsed.ok) throw new Error('refused');
          expect(expandFilenamePattern(parsed.value, vars, release)).toBe(name);
          expect(expandForScontrol(parsed.value, { ...vars, workDir: '/w' })).toBe(name.startsWith('/') ? name : `/w/${name}`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rebuilds the raw text from the segments when nothing is expanded (26.05 keeps unknown symbols)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9%_.]{0,20}$/), (text) => {
        const ctx: ValueContext = { release: '26.05', maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date(0) };
        const parsed = parseFilenamePattern(text.replace(/%(\d*)([aAbjJnNrsStux])/g, '%$1q'), ctx);
        if (!parsed.ok) throw new Error('refused');
        const rebuilt = parsed.value.segments.map((s) => (s.kind === 'literal' ? s.text : s.kind === 'percent' ? '%%' : s.kind === 'dangling' ? `%${s.digits}` : s.raw)).join('');
        expect(rebuilt).toBe(parsed.value.path);
      }),
      { numRuns: 500 },
    );
  });
});
