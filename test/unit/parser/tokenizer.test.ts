import { describe, expect, it } from 'vitest';
import { tokenizeDirective } from '../../../src/parser/tokenizer.js';

function tokens(rest: string, release: '22.05' | '24.05' = '22.05') {
  const line = tokenizeDirective(rest, 0, rest.length, release);
  return { values: line.tokens.map((t) => t.value), stop: line.stop.kind, line };
}

describe('tokenizeDirective (sbatch get_argument)', () => {
  it('splits on blanks and tabs', () => {
    expect(tokens(' -J x\t-t 5').values).toEqual(['-J', 'x', '-t', '5']);
  });

  it('joins quoted runs with neighbouring text', () => {
    expect(tokens('--job-name=ab"c d"ef').values).toEqual(['--job-name=abc def']);
    expect(tokens("-J 'single quoted name'").values).toEqual(['-J', 'single quoted name']);
  });

  it('takes the character after a backslash literally, inside quotes too', () => {
    expect(tokens('-J a\\"b').values).toEqual(['-J', 'a"b']);
    expect(tokens('-J a\\#b').values).toEqual(['-J', 'a#b']);
    expect(tokens("-J 'a\\'b'").values).toEqual(['-J', "a'b"]);
    expect(tokens('-J a\\\\b').values).toEqual(['-J', 'a\\b']);
  });

  it('ends the whole line at an unquoted #, even mid-token', () => {
    expect(tokens('-J foo#bar -t 5').values).toEqual(['-J', 'foo']);
    expect(tokens('-J trail # comment').values).toEqual(['-J', 'trail']);
    expect(tokens('-J "a#b"').values).toEqual(['-J', 'a#b']);
  });

  it('ends the line at an empty token (sbatch quirk)', () => {
    const result = tokens('-t 5 "" -J x');
    expect(result.values).toEqual(['-t', '5']);
    expect(result.stop).toBe('empty-token');
    expect(tokens('-J ""').values).toEqual(['-J']);
  });

  it('ends the argument at a backslash-escaped space in 22.05 but keeps the space from 24.05', () => {
    expect(tokens('-J a\\ b', '22.05').values).toEqual(['-J', 'a', 'b']);
    expect(tokens('-J a\\ b', '24.05').values).toEqual(['-J', 'a b']);
  });

  it('reports an unmatched quote and a leading colon as fatal stops', () => {
    expect(tokens('--job-name="unbalanced').stop).toBe('unmatched-quote');
    expect(tokens(': -N 2').stop).toBe('unexpected-colon');
    expect(tokens('-J a :b').values).toEqual(['-J', 'a']);
  });

  it('treats hetjob/packjob as a separator that drops the rest of the line', () => {
    const first = tokens('hetjob -N2');
    expect(first.values).toEqual([]);
    expect(first.line.stop).toMatchObject({ kind: 'separator', word: 'hetjob', first: true });
    const mid = tokens('-J hetjob -t 5');
    expect(mid.values).toEqual(['-J']);
    expect(mid.line.stop).toMatchObject({ kind: 'separator', first: false });
    expect(tokens('PackJob').line.stop).toMatchObject({ kind: 'separator', word: 'packjob' });
    expect(tokens('-J hetjobs').values).toEqual(['-J', 'hetjobs']);
  });

  it('does not expand variables or globs', () => {
    expect(tokens('-o $HOME/*.out').values).toEqual(['-o', '$HOME/*.out']);
  });

  it('keeps Unicode spaces inside arguments (C isspace in the C locale)', () => {
    expect(tokens('-t 5\u00a0').values).toEqual(['-t', '5\u00a0']);
  });

  it('records source offsets of every raw token', () => {
    const text = '#SBATCH -J "a b" -t 5';
    const line = tokenizeDirective(text, 7, text.length, '22.05');
    expect(line.tokens.map((t) => text.slice(t.start, t.end))).toEqual(['-J', '"a b"', '-t', '5']);
  });
});
