/**
 * Emulation of the C library number conversions Slurm's option setters rely on (glibc, LP64, "C"
 * locale): strtol/strtoll/strtoul, atoi, sscanf's %d and the silent truncations to 32 or 16 bits
 * that follow them. Reproducing them exactly is what makes `--time=-5` or `--nodes=4096m` come out
 * as the same odd numbers Slurm stores.
 */

export const LONG_MAX = 2n ** 63n - 1n;
export const LONG_MIN = -(2n ** 63n);
const ULONG_MAX = 2n ** 64n - 1n;

/** The result of a strtol-style scan starting at `start`. */
export interface CNumberScan {
  /** The converted value, saturated the way strtol saturates (LONG_MIN/LONG_MAX, or ULONG_MAX). */
  value: bigint;
  /** Index just after the last character used; `start` itself when no digits were found. */
  end: number;
  /** At least one digit was converted. */
  digits: boolean;
  /** The value did not fit and was saturated (strtol sets errno to ERANGE). */
  overflow: boolean;
}

/** C `isspace` in the "C" locale. */
export function isCSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

export function isCDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

export function isCHexDigit(ch: string | undefined): boolean {
  return isCDigit(ch) || (ch !== undefined && ((ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')));
}

/** Slurm's `xstring_is_whitespace`: true for an empty string too. */
export function isWhitespaceOnly(text: string): boolean {
  for (const ch of text) if (!isCSpace(ch)) return false;
  return true;
}

function digitValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code <= 57) return code - 48;
  return (code | 0x20) - 87;
}

/** Accumulating more digits than this cannot change a saturated result. */
const SATURATION_GUARD = 2n ** 66n;

/**
 * strtol/strtoll (`unsigned` false) or strtoul (`unsigned` true) on `text` from `start`: leading
 * whitespace, an optional sign, then digits of `base` (0 picks 16 for `0x`, 8 for a leading `0`).
 */
export function scanCInteger(text: string, start = 0, options: { base?: 0 | 10 | 16; unsigned?: boolean } = {}): CNumberScan {
  const none: CNumberScan = { value: 0n, end: start, digits: false, overflow: false };
  let i = start;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  let base: number = options.base ?? 10;
  if ((base === 16 || base === 0) && text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && isCHexDigit(text[i + 2])) {
    base = 16;
    i += 2;
  } else if (base === 0) {
    base = text[i] === '0' ? 8 : 10;
  }
  const isDigit = (ch: string | undefined): ch is string => ch !== undefined && (base === 16 ? isCHexDigit(ch) : base === 8 ? ch >= '0' && ch <= '7' : isCDigit(ch));
  if (!isDigit(text[i])) return none;
  const bigBase = BigInt(base);
  let magnitude = 0n;
  for (; isDigit(text[i]); i++) {
    if (magnitude < SATURATION_GUARD) magnitude = magnitude * bigBase + BigInt(digitValue(text[i] ?? '0'));
  }
  if (options.unsigned) {
    const overflow = magnitude > ULONG_MAX;
    const clamped = overflow ? ULONG_MAX : magnitude;
    return { value: negative && !overflow ? BigInt.asUintN(64, -clamped) : clamped, end: i, digits: true, overflow };
  }
  const signed = negative ? -magnitude : magnitude;
  if (signed > LONG_MAX) return { value: LONG_MAX, end: i, digits: true, overflow: true };
  if (signed < LONG_MIN) return { value: LONG_MIN, end: i, digits: true, overflow: true };
  return { value: signed, end: i, digits: true, overflow: false };
}

/** A C `(int)` cast of a long: keeps the low 32 bits, two's complement. */
export function toInt32(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

/** A C `(uint16_t)` cast. */
export function toUint16(value: bigint): number {
  return Number(BigInt.asUintN(16, value));
}

/** C `atoi`: strtol truncated to int, 0 when there are no digits. */
export function cAtoi(text: string, start = 0): number {
  return toInt32(scanCInteger(text, start).value);
}

/**
 * sscanf with a format made of `%d` conversions separated by the literal characters of
 * `separators` (e.g. `%d-%d:%d:%d` is `['-', ':', ':']`): the values converted before the first
 * mismatch, each truncated to int as glibc stores `%d`.
 */
export function scanfInts(text: string, separators: readonly string[]): number[] {
  const values: number[] = [];
  let position = 0;
  for (let k = 0; k <= separators.length; k++) {
    const scan = scanCInteger(text, position);
    if (!scan.digits) break;
    values.push(toInt32(scan.value));
    position = scan.end;
    const separator = separators[k];
    if (separator === undefined || text[position] !== separator) break;
    position++;
  }
  return values;
}

/** Byte length of `text` in UTF-8, which is what C's strlen measures. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** ASCII-only case-insensitive equality, as Slurm's xstrcasecmp compares in the C locale. */
export function equalsIgnoringCase(a: string, b: string): boolean {
  return a.length === b.length && asciiLower(a) === asciiLower(b);
}

/** `xstrncasecmp(text, prefix, prefix.length) == 0`. */
export function startsWithIgnoringCase(text: string, prefix: string): boolean {
  return asciiLower(text.slice(0, prefix.length)) === asciiLower(prefix);
}

/** `xstrcasestr`: ASCII case-insensitive substring search. */
export function includesIgnoringCase(text: string, needle: string): boolean {
  return asciiLower(text).includes(asciiLower(needle));
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) | 0x20));
}

/** C `strtok` over `separators`: the non-empty pieces, with their offsets in `text`. */
export function strtok(text: string, separators: string): { token: string; start: number }[] {
  const pieces: { token: string; start: number }[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    const isSeparator = ch === undefined || separators.includes(ch);
    if (isSeparator) {
      if (start >= 0) pieces.push({ token: text.slice(start, i), start });
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  return pieces;
}
