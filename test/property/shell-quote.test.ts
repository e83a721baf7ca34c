import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellQuote, shellWords } from '../../src/launch/shell-quote.js';

/** bash reads the words back; each argument is printed NUL-terminated so any text survives. */
function bashArgs(words: string): string[] {
  const result = spawnSync('bash', ['-c', `printf '%s\\0' ${words}`], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout.split('\0').slice(0, -1);
}

const noNul = fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, ''));
const shellish = fc.string({ unit: fc.constantFrom(...`'"\\$\`!*?[]{}~#&;|<> \t\n()=%@,:.-_aZ09é`) });

describe('shellQuote: bash reads back exactly the text', () => {
  it('for any text without NUL, one word at a time and several together', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(noNul, shellish), { minLength: 1, maxLength: 6 }), (values) => {
        expect(bashArgs(shellWords(values))).toEqual(values);
      }),
      { numRuns: 120 },
    );
  });

  it('leaves plain words alone and quotes the rest', () => {
    expect(shellQuote('logs/out-1.txt')).toBe('logs/out-1.txt');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('~')).toBe("'~'");
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});
