/** Task placement and binding options: --hint, -m/--distribution, --mem-bind, --gpu-bind. */
import { LONG_MAX, equalsIgnoringCase, isCDigit, isCHexDigit, scanCInteger, startsWithIgnoringCase, strtok } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

export type Hint = 'compute_bound' | 'memory_bound' | 'multithread' | 'nomultithread';
const HINTS: readonly Hint[] = ['compute_bound', 'memory_bound', 'multithread', 'nomultithread'];

/** Splits at the commas `isSeparator` approves (Slurm turns those into `;` and strseps). */
function splitAtCommas(text: string, isSeparator: (after: string) => boolean): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ',' && isSeparator(text.slice(i + 1))) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * `--hint` (verify_hint, run by sbatch after all options are read, and only when no
 * --ntasks-per-core, --threads-per-core or -B overrides it): a comma list of hints.
 */
export function parseHint(value: string | undefined): Parsed<Hint[]> {
  const text = value ?? '';
  const hints: Hint[] = [];
  for (const token of splitAtCommas(text, (after) => !isCDigit(after[0]))) {
    if (equalsIgnoringCase(token, 'help')) {
      return fail(
        refusal('hint-help', '--hint=help makes sbatch print the list of hints and exit with status 1 without submitting.', 'Use compute_bound, memory_bound, multithread or nomultithread.'),
      );
    }
    const hint = HINTS.find((h) => equalsIgnoringCase(token, h));
    if (!hint) {
      return fail(
        refusal(
          'invalid-hint',
          `sbatch refuses it: unrecognized --hint argument "${token}", see --hint=help.`,
          'Use a comma list of compute_bound, memory_bound, multithread and nomultithread.',
        ),
      );
    }
    hints.push(hint);
  }
  return ok(hints);
}

export type NodeDistribution = 'block' | 'cyclic' | 'arbitrary' | 'plane';
export type CpuDistribution = 'block' | 'cyclic' | 'fcyclic';

export interface Distribution {
  /** null: only pack/nopack was given, the cluster default applies. */
  nodes: NodeDistribution | null;
  sockets: CpuDistribution | null;
  cores: CpuDistribution | null;
  planeSize: number | null;
  pack: 'pack' | 'nopack' | null;
}

const INT_MAX = 2147483647;

function invalidDistribution(text: string, detail?: string): Parsed<Distribution> {
  return fail(
    refusal(
      'invalid-distribution',
      `sbatch refuses -m/--distribution=${text}: ${detail ? `${detail}, ` : ''}"Invalid --distribution specification".`,
      'Use block, cyclic, arbitrary or plane=<size>, optionally :block|cyclic|fcyclic for sockets and cores, and ,pack or ,nopack.',
    ),
  );
}

/** `-m/--distribution` (verify_dist_type). */
export function parseDistribution(value: string | undefined): Parsed<Distribution> {
  const text = value ?? '';
  if (startsWithIgnoringCase(text, 'plane')) return parsePlane(text);
  if (text === '' || text.startsWith(',')) return invalidDistribution(text);
  const comma = text.indexOf(',');
  const base = comma < 0 ? text : text.slice(0, comma);
  const flag = comma < 0 ? '' : text.slice(comma + 1);
  const levels = strtok(base, ':').map((l) => l.token);
  if (levels.length > 3) return invalidDistribution(text, 'more than three levels');
  // `*` means block for nodes, cyclic for sockets, and the socket choice for cores.
  const socketChoice = levels[1] === undefined || levels[1] === '*' ? 'cyclic' : levels[1];
  const resolved = levels.map((level, i) => (level !== '*' ? level : i === 0 ? 'block' : socketChoice).toLowerCase());
  const distribution: Distribution = { nodes: null, sockets: null, cores: null, planeSize: null, pack: null };
  const packFlag = (word: string) => (['pack', 'nopack'].includes(word.toLowerCase()) ? (word.toLowerCase() as 'pack' | 'nopack') : null);
  const [nodes, sockets, cores] = resolved;
  if (nodes === 'arbitrary' || nodes === 'hostfile') {
    if (resolved.length > 1) return invalidDistribution(text);
    distribution.nodes = 'arbitrary';
  } else if (nodes === 'block' || nodes === 'cyclic') {
    const isCpuLevel = (level: string | undefined): level is CpuDistribution => level === 'block' || level === 'cyclic' || level === 'fcyclic';
    if ((sockets !== undefined && !isCpuLevel(sockets)) || (cores !== undefined && !isCpuLevel(cores))) return invalidDistribution(text);
    distribution.nodes = nodes;
    distribution.sockets = sockets ?? null;
    distribution.cores = cores ?? null;
  } else if (resolved.length === 1 && nodes !== undefined && packFlag(nodes)) {
    distribution.pack = packFlag(nodes);
  } else {
    return invalidDistribution(text);
  }
  if (flag !== '') {
    if (!packFlag(flag)) return invalidDistribution(text, `"${flag}" is neither pack nor nopack`);
    distribution.pack = packFlag(flag);
  }
  const notes: ValueProblem[] =
    distribution.nodes === 'arbitrary' ? [note('arbitrary-needs-nodelist', 'warning', 'sbatch refuses --distribution=arbitrary unless -w/--nodelist (or a host file) is given.')] : [];
  return ok(distribution, notes);
}

/** `plane=<size>` (`_parse_plane_dist`); the SLURM_DIST_PLANESIZE fallback is not read here. */
function parsePlane(text: string): Parsed<Distribution> {
  const equals = text.indexOf('=');
  const sizeText = equals < 0 ? '' : text.slice(equals + 1);
  const scan = scanCInteger(sizeText);
  if (equals < 0 || !scan.digits || scan.end !== sizeText.length || scan.value <= 0n || scan.value > BigInt(INT_MAX)) {
    return fail(
      refusal(
        'invalid-distribution',
        `sbatch refuses --distribution=${text}: "Invalid plane size or size not specified", "Invalid --distribution specification".`,
        equals < 0
          ? 'Give the plane size: plane=<tasks per plane>, e.g. plane=4 (or set SLURM_DIST_PLANESIZE).'
          : 'The plane size must be a whole number of tasks greater than 0, e.g. plane=4.',
      ),
    );
  }
  return ok({ nodes: 'plane', sockets: null, cores: null, planeSize: Number(scan.value), pack: null });
}

export interface MemoryBinding {
  type: 'none' | 'rank' | 'local' | 'map_mem' | 'mask_mem' | null;
  /** The per-task CPU ids (map_mem) or masks (mask_mem), with `*count` repeats expanded. */
  list: string[] | null;
  verbose: boolean;
  prefer: boolean;
  sort: boolean | null;
}

/** A comma inside a value list does not separate options: `_isvalue` of slurm_resource_info.c. */
function startsWithValue(after: string): boolean {
  if (isCDigit(after[0])) return true;
  let i = 0;
  while (isCHexDigit(after[i])) i++;
  return after[i] === undefined || after[i] === ',';
}

type ListResult = { ok: true; list: string[] } | { ok: false; message: string };

/** `_expand_mult`: decimal (map) or hex (mask, optional 0x) entries with optional `*count`. */
function expandMultipliers(list: string, kind: 'map_mem' | 'mask_mem'): ListResult {
  const isMask = kind === 'mask_mem';
  const isValid = isMask ? isCHexDigit : isCDigit;
  const expanded: string[] = [];
  for (let { token } of strtok(list, ',')) {
    if (isMask && token.startsWith('0x')) token = token.slice(2);
    const star = token.indexOf('*');
    const body = star < 0 ? token : token.slice(0, star);
    let count = 1;
    if (star >= 0) {
      const repeat = token.slice(star + 1);
      const bad = [...repeat].find((ch) => !isCDigit(ch));
      if (bad !== undefined) return { ok: false, message: `Failed to validate number: ${token.slice(star)}, the offending character is ${bad}` };
      const scan = scanCInteger(repeat);
      if (!scan.digits || scan.value <= 0n || scan.value === LONG_MAX) return { ok: false, message: `Invalid ${kind} multiplier: ${repeat}` };
      count = Number(scan.value);
    }
    const bad = [...body].find((ch) => !isValid(ch));
    if (bad !== undefined) return { ok: false, message: `Failed to validate number: ${body}, the offending character is ${bad}` };
    // A huge multiplier is still one value repeated; keep the list bounded.
    for (let i = 0; i < Math.min(count, 4096); i++) expanded.push(body);
  }
  return { ok: true, list: expanded };
}

/** `--mem-bind` (slurm_verify_mem_bind). */
export function parseMemBind(value: string | undefined): Parsed<MemoryBinding> {
  const text = value ?? '';
  const binding: MemoryBinding = { type: null, list: null, verbose: false, prefer: false, sort: null };
  const refuse = (message: string, hint = 'Use none, rank, local, map_mem:<list> or mask_mem:<list>, optionally with verbose, quiet, prefer, sort or nosort.') =>
    fail<MemoryBinding>(refusal('invalid-mem-bind', `sbatch refuses --mem-bind=${text}: ${message}.`, hint));
  for (const token of splitAtCommas(text, (after) => !startsWithValue(after))) {
    const word = (w: string) => equalsIgnoringCase(token, w);
    if (word('help')) return refuse('--mem-bind=help makes sbatch print the binding options and exit');
    if (word('p') || word('prefer')) binding.prefer = true;
    else if (word('nosort')) binding.sort = false;
    else if (word('sort')) binding.sort = true;
    else if (word('q') || word('quiet')) binding.verbose = false;
    else if (word('v') || word('verbose')) binding.verbose = true;
    else if (word('no') || word('none')) [binding.type, binding.list] = ['none', null];
    else if (word('rank')) [binding.type, binding.list] = ['rank', null];
    else if (word('local')) [binding.type, binding.list] = ['local', null];
    else {
      const kind =
        startsWithIgnoringCase(token, 'map_mem') || startsWithIgnoringCase(token, 'mapmem')
          ? 'map_mem'
          : startsWithIgnoringCase(token, 'mask_mem') || startsWithIgnoringCase(token, 'maskmem')
            ? 'mask_mem'
            : null;
      if (!kind) return refuse(`unrecognized --mem-bind argument "${token}"`);
      const list = token.split(/[:=]/)[1];
      if (!list) return refuse(`missing list for "--mem-bind=${kind}:<list>"`, `Give the list after a colon, e.g. ${kind}:0,1.`);
      const expanded = expandMultipliers(list, kind);
      if (!expanded.ok) return refuse(expanded.message);
      [binding.type, binding.list] = [kind, expanded.list];
    }
  }
  return ok(binding);
}

export interface GpuBinding {
  kind: 'closest' | 'none' | 'map_gpu' | 'mask_gpu' | 'per_task' | 'single';
  verbose: boolean;
  /** map_gpu / mask_gpu entries as written. */
  list: string[] | null;
  /** per_task / single count. */
  count: number | null;
}

/** tres_bind.c `_valid_num_list`: digits (hex for masks) with optional `*repeat`. */
function isValidGpuList(list: string, hex: boolean): boolean {
  for (let { token } of strtok(list, ',')) {
    if (hex && token.startsWith('0x')) token = token.slice(2);
    if (![...token].every((ch) => ch === '*' || (hex ? isCHexDigit(ch) : isCDigit(ch)))) return false;
    const value = scanCInteger(token, 0, { base: hex ? 16 : 10 });
    const end = value.digits ? value.end : 0;
    if (value.value < 0n || value.value === LONG_MAX || (token[end] !== undefined && token[end] !== '*')) return false;
    if (token[end] === '*') {
      const repeat = scanCInteger(token, end + 1, { base: 0 });
      if (repeat.value < 0n || repeat.value === LONG_MAX || (repeat.digits ? repeat.end : end + 1) !== token.length) return false;
    }
  }
  return true;
}

/** One `gpu:` binding (tres_bind.c `_valid_gpu_bind`); words are matched on their first letter. */
function parseOneGpuBinding(text: string): GpuBinding | null {
  let rest = text;
  let verbose = false;
  if (startsWithIgnoringCase(rest, 'verbose,')) [verbose, rest] = [true, rest.slice(8)];
  const plain = (kind: 'closest' | 'none'): GpuBinding => ({ kind, verbose, list: null, count: null });
  if (startsWithIgnoringCase(rest, 'c')) return plain('closest');
  for (const [prefix, kind, hex] of [
    ['map_gpu:', 'map_gpu', false],
    ['mask_gpu:', 'mask_gpu', true],
  ] as const) {
    if (startsWithIgnoringCase(rest, prefix)) {
      const list = rest.slice(prefix.length);
      return isValidGpuList(list, hex) ? { kind, verbose, list: strtok(list, ',').map((t) => t.token), count: null } : null;
    }
  }
  if (startsWithIgnoringCase(rest, 'n')) return plain('none');
  for (const [prefix, kind] of [
    ['per_task:', 'per_task'],
    ['single:', 'single'],
  ] as const) {
    if (startsWithIgnoringCase(rest, prefix)) {
      const scan = scanCInteger(rest, prefix.length, { base: 0 });
      return scan.value < 0n || scan.value === LONG_MAX ? null : { kind, verbose, list: null, count: Number(scan.value) };
    }
  }
  return null;
}

/** `--gpu-bind` (checked as `gpu:<value>`, `;` separating further TRES bindings). */
export function parseGpuBind(value: string | undefined): Parsed<GpuBinding> {
  const text = value ?? '';
  const bindings: (GpuBinding | null)[] = [];
  for (const { token } of strtok(`gpu:${text}`, ';')) {
    const colon = token.indexOf(':');
    bindings.push(colon >= 0 && token.slice(0, colon) === 'gpu' ? parseOneGpuBinding(token.slice(colon + 1)) : null);
  }
  const first = bindings[0];
  if (!first || bindings.some((b) => b === null)) {
    return fail(
      refusal(
        'invalid-gpu-bind',
        `sbatch refuses it: "Invalid --gpu-bind argument: gpu:${text}".`,
        'Use [verbose,]closest, none, map_gpu:<list>, mask_gpu:<list>, per_task:<n> or single:<n>.',
      ),
    );
  }
  return ok(first);
}

/**
 * `--tres-bind=gres/gpu:<binding>[+…]` (23.11+). Each GPU binding is checked like --gpu-bind; the
 * newer grammar could not be verified against its source, so doubts are warnings, not refusals.
 */
export function parseTresBind(value: string | undefined): Parsed<GpuBinding[]> {
  const bindings: GpuBinding[] = [];
  const notes: ValueProblem[] = [];
  for (const { token } of strtok(value ?? '', '+;')) {
    const match = /^(?:gres\/)?gpu:(.*)$/.exec(token);
    const binding = match?.[1] === undefined ? null : parseOneGpuBinding(match[1]);
    if (binding) bindings.push(binding);
    else notes.push(note('tres-bind-item', 'warning', `"${token}" does not look like gres/gpu:<binding> (closest, none, map_gpu:…, mask_gpu:…, per_task:N, single:N).`));
  }
  return ok(bindings, notes);
}
