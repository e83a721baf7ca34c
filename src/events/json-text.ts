/**
 * JSON text to a value, or a problem that names the line and column of the first syntax error. V8's
 * messages give an offset only for some errors ("… in JSON at position 9"), not for others ("Unexpected
 * token '}', … is not valid JSON"), so the offset comes from a scan of the text itself.
 */
import { LineIndex } from '../parser/line-index.js';

export type JsonTextReading = { ok: true; value: unknown } | { ok: false; problem: string };

const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Where `text` stops being JSON: the offset of the first character that cannot continue it (its length when it ends early), or -1. */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const match = (pattern: RegExp): boolean => {
    pattern.lastIndex = at;
    const found = pattern.test(text);
    if (found) at = pattern.lastIndex;
    return found;
  };
  // By hand, not one regular expression: a 256 KiB string must not cost a backtracking entry a character.
  // On failure `at` is where the string goes wrong (its end when it is not closed).
  const string = (): boolean => {
    if (text[at] !== '"') return false;
    for (at++; at < text.length; ) {
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        at++;
        return true;
      }
      if (code < 0x20) return false;
      if (code !== 0x5c) at++;
      else if (!match(ESCAPE)) return false;
    }
    return false;
  };
  // An explicit stack, not recursion: a body of 100 000 `[` must not overflow the call stack.
  const open: Array<'{' | '['> = [];
  let expect: 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after' = 'value';
  for (;;) {
    match(WHITESPACE);
    const char = text[at];
    const top = open.at(-1);
    if (expect === 'after') {
      if (top === undefined) return at < text.length ? at : -1;
      if (char === ',') expect = top === '{' ? 'key' : 'value';
      else if (char === (top === '{' ? '}' : ']')) open.pop();
      else return at;
      at++;
    } else if ((expect === 'key-or-close' && char === '}') || (expect === 'value-or-close' && char === ']')) {
      open.pop();
      at++;
      expect = 'after';
    } else if (expect === 'key' || expect === 'key-or-close') {
      if (!string()) return at;
      match(WHITESPACE);
      if (text[at] !== ':') return at;
      at++;
      expect = 'value';
    } else if (char === '{' || char === '[') {
      open.push(char);
      at++;
      expect = char === '{' ? 'key-or-close' : 'value-or-close';
    } else if (char === '"') {
      if (!string()) return at;
      expect = 'after';
    } else if (match(NUMBER) || match(LITERAL)) expect = 'after';
    else return at;
  }
}

export function parseJsonText(text: string): JsonTextReading {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = jsonErrorOffset(text);
    const at = offset < 0 ? undefined : new LineIndex(text).position(offset);
    return { ok: false, problem: `not valid JSON: ${message}${at ? ` (line ${at.line}, column ${at.column})` : ''}` };
  }
}
