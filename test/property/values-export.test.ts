import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValueContext } from '../../src/parser/values/context.js';
import { applyExport, parseExport } from '../../src/parser/values/export.js';

const ctx: ValueContext = { release: '22.05', maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date(0) };
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const env = fc.dictionary(name, fc.string({ maxLength: 8 }), { maxKeys: 8 });

describe('applyExport', () => {
  it('passes the whole environment with ALL', () => {
    fc.assert(
      fc.property(env, (submit) => {
        const parsed = parseExport('ALL', ctx);
        if (!parsed.ok) throw new Error('refused');
        expect(applyExport(parsed.value, submit)).toEqual(submit);
      }),
    );
  });

  it('gives a listed VAR=value its value unless a SLURM_ variable overrides it', () => {
    fc.assert(
      fc.property(env, name, fc.stringMatching(/^[a-z0-9.]{0,8}$/), (submit, variable, value) => {
        const parsed = parseExport(`${variable}=${value}`, ctx);
        if (!parsed.ok) throw new Error('refused');
        const job = applyExport(parsed.value, submit);
        expect(job[variable]).toBe(variable.startsWith('SLURM_') && submit[variable] !== undefined ? submit[variable] : value);
        expect(job.SLURM_GET_USER_ENV).toBe('1');
      }),
    );
  });
});
