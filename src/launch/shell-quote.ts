/** Characters that never mean anything to bash in an argument word. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One shell word that bash reads back as exactly `value` (any text without NUL, which no shell
 * argument can hold). Plain words stay as they are; anything else goes in single quotes, where
 * only the single quote itself needs care: it closes the quotes, is escaped, and reopens them.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a shell word cannot contain a NUL character');
  if (PLAIN_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Several words, each quoted, separated by spaces. */
export function shellWords(values: readonly string[]): string {
  return values.map(shellQuote).join(' ');
}
