import { scanCInteger } from './c-number.js';
import type { Parsed } from './result.js';
import { fail, ok, refusal } from './result.js';

/** One level of `-B`: `*` (any), a count, or a `min-max` range. */
export type ResourceRange = '*' | { min: number; max: number | null };

export interface ExtraNodeInfo {
  sockets: ResourceRange;
  cores: ResourceRange;
  threads: ResourceRange;
}

const INT_MAX = 2147483647n;
/** Each level is copied into a 48-byte buffer, so only its first 47 characters count. */
const FIELD_LENGTH = 47;
const LEVEL_NAMES = ['first', 'second', 'third'] as const;

/** verify_socket_core_thread_count's split: up to three fields, anything after the third ignored. */
function splitLevels(text: string): [string, string, string] {
  const fields: [string, string, string] = ['', '', ''];
  let position = 0;
  for (let level = 0; level < 3; level++) {
    let field = '';
    while (field.length < FIELD_LENGTH && position < text.length && text[position] !== ':') field += text[position++];
    fields[level] = field;
    if (position >= text.length) break;
    position++;
  }
  return fields;
}

/** A k (×1024) or m (×1048576) suffix, as get_resource_arg_range allows. */
function withSuffix(text: string, scanned: { value: bigint; end: number }): { value: bigint; end: number } {
  const ch = text[scanned.end];
  if (ch === 'k' || ch === 'K') return { value: BigInt.asIntN(64, scanned.value * 1024n), end: scanned.end + 1 };
  if (ch === 'm' || ch === 'M') return { value: BigInt.asIntN(64, scanned.value * 1048576n), end: scanned.end + 1 };
  return scanned;
}

type LevelResult = { ok: true; range: ResourceRange } | { ok: false; message: string };

/** get_resource_arg_range: `*`/empty, `N` or `MIN-MAX` (anything after a second `-` is ignored). */
function parseLevel(field: string, what: string): LevelResult {
  if (field === '' || field.startsWith('*')) return { ok: true, range: '*' };
  const invalid: LevelResult = { ok: false, message: `Invalid numeric value "${field}" for ${what}.` };
  const tooBig = (n: bigint): LevelResult => ({ ok: false, message: `Numeric argument (${n}) to big for ${what}.` });
  const lowerScan = scanCInteger(field);
  const lower = withSuffix(field, { value: lowerScan.value, end: lowerScan.digits ? lowerScan.end : 0 });
  if ((field[lower.end] !== undefined && field[lower.end] !== '-') || lower.value < 0n) return invalid;
  if (lower.value > INT_MAX) return tooBig(lower.value);
  if (field[lower.end] === undefined) return { ok: true, range: { min: Number(lower.value), max: null } };
  const upperScan = scanCInteger(field, lower.end + 1);
  const upper = withSuffix(field, { value: upperScan.value, end: upperScan.digits ? upperScan.end : lower.end + 1 });
  if ((field[upper.end] !== undefined && field[upper.end] !== '-') || upper.value <= 0n) return invalid;
  if (upper.value > INT_MAX) return tooBig(upper.value);
  return { ok: true, range: { min: Number(lower.value), max: Number(upper.value) } };
}

/** `-B/--extra-node-info=S[:C[:T]]`; a bad level makes sbatch exit with status 1. */
export function parseExtraNodeInfo(value: string | undefined): Parsed<ExtraNodeInfo> {
  const fields = splitLevels(value ?? '');
  const ranges: ResourceRange[] = [];
  for (const [level, field] of fields.entries()) {
    const parsed = parseLevel(field, `${LEVEL_NAMES[level] ?? 'third'} arg of -B`);
    if (!parsed.ok) {
      return fail(refusal('invalid-extra-node-info', `sbatch refuses it: ${parsed.message}`, 'Write -B SOCKETS[:CORES[:THREADS]], each a count, MIN-MAX or *, e.g. -B 2:8:1.'));
    }
    ranges.push(parsed.range);
  }
  const [sockets = '*', cores = '*', threads = '*'] = ranges;
  return ok({ sockets, cores, threads });
}
