/**
 * `{"wildcard": "jobs/*.out"}`: `*` stands for any run of characters (none included); `\*` is a literal
 * asterisk and `\\` a literal backslash. As in EventBridge, two `*` in a row and a backslash before
 * anything else are errors (aws/event-ruler README, Wildcard matching).
 */

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A regular expression for the whole value, or why the text is not a wildcard pattern. */
export function parseWildcard(text: string): { regex: RegExp } | { problem: string } {
  let source = '';
  let literal = '';
  let previousWasStar = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '*') {
      if (previousWasStar) return { problem: `two "*" in a row (at character ${i + 1}) are not allowed` };
      source += `${literal.replace(REGEX_SPECIAL, '\\$&')}[\\s\\S]*`;
      literal = '';
      previousWasStar = true;
      continue;
    }
    previousWasStar = false;
    if (char === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') return { problem: `a backslash (at character ${i + 1}) may only escape "*" or "\\"` };
      literal += next;
      i++;
      continue;
    }
    literal += char;
  }
  source += literal.replace(REGEX_SPECIAL, '\\$&');
  return { regex: new RegExp(`^${source}$`) };
}
