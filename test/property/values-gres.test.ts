import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValueContext } from '../../src/parser/values/context.js';
import { parseGpuSpec, parseGres } from '../../src/parser/values/gres.js';

const ctx: ValueContext = { release: '22.05', maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date(0) };
const suffixes: [string, number][] = [
  ['', 1],
  ['k', 1024],
  ['K', 1024],
  ['kb', 1000],
  ['KiB', 1024],
  ['m', 1024 ** 2],
  ['MB', 1000 ** 2],
  ['g', 1024 ** 3],
  ['gb', 1000 ** 3],
];
const typeName = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);

describe('GRES counts', () => {
  it('multiplies a count by its suffix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(...suffixes), fc.option(typeName, { nil: undefined }), (n, [suffix, multiplier], type) => {
        const spec = type === undefined ? `gpu:${n}${suffix}` : `gpu:${type}:${n}${suffix}`;
        expect(parseGres(spec, ctx)).toMatchObject({ ok: true, value: [{ name: 'gpu', type: type ?? null, count: n * multiplier }] });
        const gpus = type === undefined ? `${n}${suffix}` : `${type}:${n}${suffix}`;
        expect(parseGpuSpec(gpus, ctx, 'gpus')).toMatchObject({ ok: true, value: [{ type: type ?? null, count: n * multiplier }] });
      }),
    );
  });

  it('reads a lone word after the name as a type with one unit', () => {
    fc.assert(
      fc.property(
        typeName.filter((t) => !/^(k|m|g|t|p)(i?b)?$/i.test(t)),
        (type) => {
          expect(parseGres(`gpu:${type}`, ctx)).toMatchObject({ ok: true, value: [{ name: 'gpu', type, count: 1 }] });
        },
      ),
    );
  });
});
