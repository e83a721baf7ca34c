import { isCDigit, scanCInteger, strtok } from './c-number.js';
import type { ValueContext } from './context.js';
import { fail, note, ok, refusal, type Parsed, type ValueProblem } from './result.js';

/** lo..hi, each printed zero-padded to `width` digits. */
interface NumberRange {
  lo: number;
  hi: number;
  width: number;
}

/** Host names with one numeric suffix range: `prefix` + each number of the range. */
interface HostRange extends NumberRange {
  prefix: string;
  /** A name without a numeric suffix. */
  single: boolean;
}

/** hostlist.c: one bracket range may name at most this many hosts, and so may a bracketed prefix. */
const MAX_RANGE = 64 * 1024;
/** How many names expandHostlist lists before it gives up and reports the count only. */
const DEFAULT_EXPAND_LIMIT = 100_000;

type RangeParse = { ok: true; ranges: HostRange[] } | { ok: false; reason: string };

/** _parse_single_range(): `N` or `N-M` (or `N-`, which is N), widths from the first number. */
function parseRangeList(list: string, prefix: string): { ok: true; ranges: NumberRange[] } | { ok: false; reason: string } {
  const ranges: NumberRange[] = [];
  for (const item of list.split(',')) {
    const invalid = { ok: false as const, reason: `invalid range "${item}" in ${prefix}[${list}]` };
    if (item.includes('x')) return invalid;
    const dash = item.indexOf('-');
    const loText = dash < 0 ? item : item.slice(0, dash);
    const hiText = dash < 0 ? '' : item.slice(dash + 1);
    if (hiText.startsWith('-')) return invalid;
    const lo = scanCInteger(loText, 0, { unsigned: true });
    if (!lo.digits || (dash < 0 && lo.end !== loText.length)) return invalid;
    let hi = lo.value;
    if (hiText !== '') {
      const scan = scanCInteger(hiText, 0, { unsigned: true });
      if (!scan.digits || scan.end !== hiText.length) return invalid;
      hi = scan.value;
    } else if (lo.end !== loText.length) {
      return invalid;
    }
    if (lo.value > hi) return invalid;
    if (hi - lo.value + 1n > BigInt(MAX_RANGE)) return { ok: false, reason: `too many hosts in range "${item}" (at most ${MAX_RANGE})` };
    ranges.push({ lo: Number(lo.value), hi: Number(hi), width: loText.length });
  }
  return { ok: true, ranges };
}

/** hostlist.c's bound on ranges; a list needing more would exhaust Slurm's memory before ours. */
const MAX_RANGES = 256 * 1024;

/**
 * _push_range_list(): appends the suffix ranges of `prefix[...]` to `out`; an earlier bracket in
 * the prefix (`rack[1-2]n[1-4]`) multiplies the names. Returns why it failed, or null.
 */
function expandPrefix(prefix: string, suffixRanges: NumberRange[], out: HostRange[]): string | null {
  const open = prefix.lastIndexOf('[');
  const close = prefix.lastIndexOf(']');
  if (open < 0 || close < open) {
    if (out.length + suffixRanges.length > MAX_RANGES) return `the list names more than ${MAX_RANGES} ranges`;
    out.push(...suffixRanges.map((r) => ({ prefix, ...r, single: false })));
    return null;
  }
  const head = prefix.slice(0, open);
  const tail = prefix.slice(close + 1);
  const outer = parseRangeList(prefix.slice(open + 1, close), head);
  if (!outer.ok) return outer.reason;
  if (outer.ranges.reduce((sum, r) => sum + r.hi - r.lo + 1, 0) > MAX_RANGE) {
    return `the bracket in "${prefix}" names more than ${MAX_RANGE} prefixes`;
  }
  for (const r of outer.ranges) {
    for (let j = r.lo; j <= r.hi; j++) {
      const failure = expandPrefix(`${head}${String(j).padStart(r.width, '0')}${tail}`, suffixRanges, out);
      if (failure) return failure;
    }
  }
  return null;
}

/** hostname_create(): a trailing number becomes the range, anything else is a single name. */
function hostRangeOf(name: string): HostRange {
  let start = name.length;
  while (start > 0 && isCDigit(name[start - 1])) start--;
  const digits = name.slice(start);
  if (digits === '' || Number(digits) > Number.MAX_SAFE_INTEGER) return { prefix: name, lo: 0, hi: 0, width: 0, single: true };
  const n = Number(digits);
  return { prefix: name.slice(0, start), lo: n, hi: n, width: digits.length, single: false };
}

const SEPARATORS = ', \t';

/** _next_tok(): split on blanks and commas, except between a `[` and the next `]`. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && SEPARATORS.includes(text[i] as string)) i++;
    if (i >= text.length) return out;
    const start = i;
    let parse = i;
    for (let extended = true; extended; ) {
      while (i < text.length && !SEPARATORS.includes(text[i] as string)) i++;
      extended = false;
      for (;;) {
        const open = text.indexOf('[', parse);
        if (open < 0 || open > i) break;
        const close = text.indexOf(']', parse);
        if (close < 0 || close < open) break;
        if (close < i) {
          parse = close + 1;
          continue;
        }
        i = close;
        extended = true;
        break;
      }
    }
    out.push(text.slice(start, i));
  }
}

/** _hostlist_create_bracketed() */
function parseHostRanges(text: string): RangeParse {
  const ranges: HostRange[] = [];
  for (const token of tokens(text)) {
    const open = token.lastIndexOf('[');
    if (open < 0) {
      ranges.push(hostRangeOf(token));
      continue;
    }
    const close = token.indexOf(']', open);
    if (close < 0) {
      // Slurm takes the text as a host name, closing the bracket for the user.
      ranges.push(hostRangeOf(open > 0 ? `${token.slice(0, open)}]` : token.slice(1)));
      continue;
    }
    if (close !== token.length - 1) return { ok: false, reason: `"${token}" has text after its closing bracket (nested or trailing parts are not allowed)` };
    const prefix = token.slice(0, open);
    const list = parseRangeList(token.slice(open + 1, close), prefix);
    if (!list.ok) return list;
    const failure = expandPrefix(prefix, list.ranges, ranges);
    if (failure) return { ok: false, reason: failure };
  }
  return { ok: true, ranges };
}

function rangeCount(r: HostRange): number {
  return r.single ? 1 : r.hi - r.lo + 1;
}

function* namesOf(ranges: HostRange[]): Generator<string> {
  for (const r of ranges) {
    if (r.single) yield r.prefix;
    else for (let n = r.lo; n <= r.hi; n++) yield `${r.prefix}${String(n).padStart(r.width, '0')}`;
  }
}

const hostlistHint = 'write names and ranges like n[1-4,7],gpu[01-08]; brackets cannot nest and nothing may follow "]"';

/** How many names a hostlist expression names, counting repeats. */
export function countHostlist(text: string): Parsed<number> {
  const parsed = parseHostRanges(text);
  if (!parsed.ok) return fail(note('invalid-hostlist', 'error', `Slurm cannot read the host list: ${parsed.reason}.`, hostlistHint));
  return ok(parsed.ranges.reduce((sum, r) => sum + rangeCount(r), 0));
}

/**
 * The names of a Slurm hostlist expression (`n[1-3,5],gpu[01-04]`), in order, repeats kept. Past
 * `limit` names it stops and reports the count instead of listing them.
 */
export function expandHostlist(text: string, limit = DEFAULT_EXPAND_LIMIT): Parsed<string[]> {
  const parsed = parseHostRanges(text);
  if (!parsed.ok) return fail(note('invalid-hostlist', 'error', `Slurm cannot read the host list: ${parsed.reason}.`, hostlistHint));
  const count = parsed.ranges.reduce((sum, r) => sum + rangeCount(r), 0);
  if (count > limit) {
    return fail(note('hostlist-too-large', 'error', `The host list names ${count} hosts, more than the ${limit} this tool expands.`));
  }
  return ok([...namesOf(parsed.ranges)]);
}

/** _width_equiv(): can two zero-padding widths print both numbers unchanged? */
function zeroPadding(n: number, width: number): number {
  return Math.max(width - String(n).length, 0);
}

function joinable(tail: HostRange, next: HostRange): boolean {
  if (tail.single || next.single || tail.prefix !== next.prefix || tail.hi !== next.lo - 1) return false;
  if (tail.width === next.width) return true;
  const tailChanges = zeroPadding(tail.lo, tail.width) !== zeroPadding(tail.lo, next.width);
  const nextChanges = zeroPadding(next.lo, next.width) !== zeroPadding(next.lo, tail.width);
  if (tailChanges && nextChanges) return false;
  if (tailChanges) next.width = tail.width;
  else tail.width = next.width;
  return true;
}

function numberText(r: HostRange): string {
  const lo = String(r.lo).padStart(r.width, '0');
  return r.lo < r.hi ? `${lo}-${String(r.hi).padStart(r.width, '0')}` : lo;
}

/**
 * The compressed form Slurm prints for a node list such as SLURM_JOB_NODELIST (`n[1-2,4],gpu01`),
 * in the order given: consecutive numbers join into ranges, and neighbours with the same prefix
 * share one bracket.
 */
export function compressHostlist(names: readonly string[]): string {
  const ranges: HostRange[] = [];
  for (const name of names) {
    const next = hostRangeOf(name);
    const tail = ranges[ranges.length - 1];
    if (tail && joinable(tail, next)) tail.hi = next.hi;
    else ranges.push(next);
  }
  const groups: string[] = [];
  for (let i = 0; i < ranges.length; ) {
    const first = ranges[i] as HostRange;
    if (first.single) {
      groups.push(first.prefix);
      i++;
      continue;
    }
    const members = [first];
    for (i++; i < ranges.length && !ranges[i]?.single && ranges[i]?.prefix === first.prefix; i++) members.push(ranges[i] as HostRange);
    const inner = members.map(numberText).join(',');
    groups.push(members.length > 1 || rangeCount(first) > 1 ? `${first.prefix}[${inner}]` : `${first.prefix}${inner}`);
  }
  return groups.join(',');
}

/** What `-w/--nodelist` or `-x/--exclude` names. */
export type NodeSelection =
  | {
      kind: 'hosts';
      expression: string;
      /** Names counted with repeats. */
      count: number;
      /** Distinct names: sbatch 22.05 raises the minimum node count (-N) to this for -w. */
      uniqueCount: number;
      /** The names in order, or null when there are more than the expansion limit. */
      hosts: string[] | null;
    }
  | { kind: 'file'; path: string };

/**
 * `-w/--nodelist` and `-x/--exclude`: a hostlist, or, when the value contains `/`, a file of host
 * names that sbatch reads (this parser cannot). A malformed list is refused: for -w sbatch itself
 * fails ("memory allocation failure" after "Invalid range"), for -x the controller does ("Invalid
 * node name specified"). Names unknown to the cluster are the cluster's business.
 */
export function parseNodeSelection(value: string, _ctx: ValueContext, option: 'nodelist' | 'exclude'): Parsed<NodeSelection> {
  if (value.includes('/')) return ok({ kind: 'file', path: value });
  const parsed = parseHostRanges(value);
  if (!parsed.ok) {
    const gist = option === 'nodelist' ? 'sbatch: error: memory allocation failure' : 'Batch job submission failed: Invalid node name specified';
    return fail(refusal('invalid-hostlist', `sbatch refuses the script ("${gist}"): ${parsed.reason}.`, hostlistHint, { start: 0, end: value.length }));
  }
  const notes: ValueProblem[] = [];
  if (parsed.ranges.length === 0) {
    notes.push(note('empty-hostlist', 'warning', `--${option} names no host, so it has no effect.`));
  }
  const count = parsed.ranges.reduce((sum, r) => sum + rangeCount(r), 0);
  let hosts: string[] | null = null;
  let uniqueCount = count;
  if (count <= DEFAULT_EXPAND_LIMIT) {
    hosts = [...namesOf(parsed.ranges)];
    uniqueCount = new Set(hosts).size;
    if (uniqueCount < count) notes.push(note('duplicate-hosts', 'info', `--${option} names some hosts more than once; Slurm counts each host once.`));
  }
  return ok({ kind: 'hosts', expression: value, count, uniqueCount, hosts }, notes);
}

/** `-F/--nodefile`: a file sbatch reads; the parser can only keep its path. */
export function parseNodeFile(value: string): Parsed<{ kind: 'file'; path: string }> {
  if (value === '') return fail(refusal('invalid-nodefile', 'sbatch refuses the script: "Invalid --nodefile node file" (no file name).', 'name a file with one host per line'));
  return ok({ kind: 'file', path: value });
}

/**
 * The host names in the contents of a host file (slurm_read_hostfile): `#` starts a comment
 * (`\#` is a literal #), names are separated by commas or lines, and `name*N` repeats a name.
 */
export function parseHostfile(contents: string): Parsed<string[]> {
  const hosts: string[] = [];
  const lines = contents.split('\n');
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.replace(/\\#|#.*$/g, (m) => (m === '\\#' ? '#' : ''));
    if (line === '') continue;
    if (!/^[A-Za-z0-9]/.test(line)) {
      return fail(refusal('invalid-hostfile', `sbatch refuses the script: "Invalid hostfile contents on line ${index + 1}".`, 'start each line with a host name'));
    }
    for (const { token } of strtok(line, ',')) {
      const star = token.indexOf('*');
      const repeat = star < 0 ? 0 : Number(BigInt.asIntN(32, scanCInteger(token, star + 1).value));
      if (repeat !== 0) hosts.push(...Array.from({ length: Math.max(repeat, 0) }, () => token.slice(0, star)));
      else hosts.push(token);
    }
  }
  if (hosts.length === 0) return fail(refusal('invalid-hostfile', 'sbatch refuses the script: "Hostlist is empty!"', 'list at least one host'));
  return ok(hosts);
}
