import type { SlurmRelease } from './slurm-release.js';
import { releaseAtLeast } from './slurm-release.js';

/** One argument taken from a directive line, with where its raw text sits in the script. */
export interface Token {
  value: string;
  /** Offset of the token's first raw character (quotes and backslashes included). */
  start: number;
  /** Offset just past its last raw character. */
  end: number;
}

/** Why the tokenizer stopped taking arguments from a line before its end. */
export type LineStop =
  | { kind: 'end' }
  /** An unquoted `#`: the rest of the line is a comment. */
  | { kind: 'comment'; at: number }
  /** sbatch's quirk: a token that yields no characters (`""`) ends the line. */
  | { kind: 'empty-token'; at: number; end: number }
  /** `hetjob`/`packjob` ends the line; as the first word it also starts a new job component. */
  | { kind: 'separator'; word: 'hetjob' | 'packjob'; at: number; first: boolean }
  /** Fatal for sbatch: `Unexpected ':'`. */
  | { kind: 'unexpected-colon'; at: number }
  /** Fatal for sbatch: `Unmatched '"'`. */
  | { kind: 'unmatched-quote'; at: number; quote: string };

export interface TokenizedLine {
  tokens: Token[];
  stop: LineStop;
  /** Offsets of backslash-escaped spaces that ended a token (22.05) or joined one (≥24.05). */
  escapedSpaces: number[];
}

/** C's isspace() in the C locale: sbatch does not treat Unicode spaces as separators. */
export function isCSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

const HASH = 35;
const BACKSLASH = 92;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const COLON = 58;

function separatorAt(text: string, pos: number, end: number): 'hetjob' | 'packjob' | null {
  for (const word of ['hetjob', 'packjob'] as const) {
    const after = pos + word.length;
    if (after > end) continue;
    if (text.slice(pos, after).toLowerCase() !== word) continue;
    if (after === end || isCSpace(text.charCodeAt(after))) return word;
  }
  return null;
}

/**
 * Splits the text of a directive line (after its `#SBATCH` prefix) into arguments the way sbatch's
 * get_argument() does: quotes group, a backslash takes the next character literally, an unquoted
 * `#` ends the line, and an argument that yields no characters ends the line too.
 *
 * `start`..`end` is the part of `text` to read (the line without its prefix and without `\n`).
 */
export function tokenizeDirective(text: string, start: number, end: number, release: SlurmRelease, recognizeSeparators = true): TokenizedLine {
  const tokens: Token[] = [];
  const escapedSpaces: number[] = [];
  const spaceJoinsToken = releaseAtLeast(release, '24.05');
  let pos = start;

  for (;;) {
    while (pos < end && isCSpace(text.charCodeAt(pos))) pos++;
    if (pos >= end) return { tokens, stop: { kind: 'end' }, escapedSpaces };

    if (recognizeSeparators) {
      const word = separatorAt(text, pos, end);
      if (word) return { tokens, stop: { kind: 'separator', word, at: pos, first: tokens.length === 0 }, escapedSpaces };
    }
    if (text.charCodeAt(pos) === COLON) return { tokens, stop: { kind: 'unexpected-colon', at: pos }, escapedSpaces };

    const tokenStart = pos;
    let value = '';
    let produced = false;
    let quote = 0;
    let quoteAt = -1;
    let escaped = false;
    let hitComment = false;

    while (pos < end) {
      const code = text.charCodeAt(pos);
      if (escaped) {
        escaped = false;
      } else if (code === BACKSLASH) {
        escaped = true;
        pos++;
        if (pos < end && text.charCodeAt(pos) === 32 && quote === 0) {
          escapedSpaces.push(pos - 1);
          // 22.05 drops the backslash and the space still ends the argument.
          if (!spaceJoinsToken) break;
        }
        continue;
      } else if (quote !== 0) {
        if (code === quote) {
          quote = 0;
          pos++;
          continue;
        }
      } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
        quote = code;
        quoteAt = pos;
        pos++;
        continue;
      } else if (code === HASH) {
        hitComment = true;
        break;
      } else if (isCSpace(code)) {
        break;
      }
      value += text[pos];
      produced = true;
      pos++;
    }

    if (quote !== 0) {
      return {
        tokens,
        stop: { kind: 'unmatched-quote', at: quoteAt, quote: String.fromCharCode(quote) },
        escapedSpaces,
      };
    }
    if (!produced) {
      if (hitComment) return { tokens, stop: { kind: 'comment', at: pos }, escapedSpaces };
      if (pos >= end && pos === tokenStart) return { tokens, stop: { kind: 'end' }, escapedSpaces };
      return { tokens, stop: { kind: 'empty-token', at: tokenStart, end: pos }, escapedSpaces };
    }
    tokens.push({ value, start: tokenStart, end: pos });
    if (hitComment) return { tokens, stop: { kind: 'comment', at: pos }, escapedSpaces };
  }
}
