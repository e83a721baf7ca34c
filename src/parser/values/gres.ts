import { releaseAtLeast } from '../slurm-release.js';
import { equalsIgnoringCase, scanCInteger } from './c-number.js';
import type { ValueContext } from './context.js';
import { fail, note, ok, refusal, type Parsed, type ValueProblem } from './result.js';

/** One generic-resource request of `--gres`, per node. */
export interface GresRequest {
  name: string;
  type: string | null;
  count: number;
}

/** One entry of `--gpus`, `--gpus-per-node`, `--gpus-per-socket` or `--gpus-per-task`. */
export interface GpuRequest {
  type: string | null;
  count: number;
}

export type GpuOption = 'gpus' | 'gpus-per-node' | 'gpus-per-socket' | 'gpus-per-task';

/** GRES plugins every Slurm ships; any other name exists only where the site configured it. */
const STANDARD_GRES_NAMES: readonly string[] = ['gpu', 'mps', 'shard'];

const UINT64_MAX = (1n << 64n) - 1n;

/** suffix_mult() in slurm_protocol_defs.c: the multiplier of each GRES count suffix (any case). */
const COUNT_SUFFIXES = new Map<string, bigint>([
  ['', 1n],
  ['k', 1024n],
  ['kib', 1024n],
  ['kb', 1000n],
  ['m', 1024n ** 2n],
  ['mib', 1024n ** 2n],
  ['mb', 1000n ** 2n],
  ['g', 1024n ** 3n],
  ['gib', 1024n ** 3n],
  ['gb', 1000n ** 3n],
  ['t', 1024n ** 4n],
  ['tib', 1024n ** 4n],
  ['tb', 1000n ** 4n],
  ['p', 1024n ** 5n],
  ['pib', 1024n ** 5n],
  ['pb', 1000n ** 5n],
]);

function suffixMultiplier(suffix: string): bigint | undefined {
  return [...COUNT_SUFFIXES].find(([known]) => equalsIgnoringCase(known, suffix))?.[1];
}

/** strtoull in base 10 (a minus sign negates modulo 2^64); `end` is 0 when there are no digits. */
function strtoull(text: string): { value: bigint; end: number; negative: boolean } {
  const scan = scanCInteger(text, 0, { unsigned: true });
  return { value: scan.value, end: scan.end, negative: scan.digits && /^[\t\n\v\f\r ]*-/.test(text) };
}

type CountReading =
  | { kind: 'count'; count: bigint; negative: boolean }
  /** Not a number to the client (gres.c _is_valid_number), so it is taken as a type. */
  | { kind: 'not-a-count' };

/** _is_valid_number() in 22.05 gres.c: strtoull, then a known suffix and nothing else. */
function readCount(text: string): CountReading {
  const parsed = strtoull(text);
  if (parsed.value === UINT64_MAX) return { kind: 'not-a-count' };
  const multiplier = suffixMultiplier(text.slice(parsed.end));
  if (multiplier === undefined) return { kind: 'not-a-count' };
  return { kind: 'count', count: BigInt.asUintN(64, parsed.value * multiplier), negative: parsed.negative };
}

/**
 * valid_tres_cnt() in slurmctld: a last `:` field that starts with a digit must be a whole count
 * with a known suffix, so `gpu:1x`, `gpu:1.5` and counts past 2^64 are refused by the controller.
 */
function controllerAcceptsCount(entry: string): boolean {
  const last = entry.slice(entry.lastIndexOf(':') + 1);
  if (!/^\d/.test(last)) return true;
  const parsed = strtoull(last);
  return parsed.value !== UINT64_MAX && suffixMultiplier(last.slice(parsed.end)) !== undefined;
}

interface EntryReading {
  name: string;
  type: string | null;
  count: bigint;
  problems: ValueProblem[];
}

const GRES_REFUSAL = 'sbatch refuses the script: "Invalid generic resource (gres) specification"';
const TRES_REFUSAL = 'sbatch refuses the script: "Batch job submission failed: Invalid Trackable RESource (TRES) specification"';

function at(offset: number, text: string): ValueProblem['at'] {
  return { start: offset, end: offset + Math.max(text.length, 1) };
}

/**
 * One `name[:type][:count]` entry as _get_next_gres() in 22.05 gres.c reads it; `where` locates the
 * entry in the option value for diagnostics.
 */
function readEntry(entry: string, where: ValueProblem['at'], option: string): EntryReading {
  const problems: ValueProblem[] = [];
  const [name = '', first, ...rest] = entry.split(':');
  let type: string | null = null;
  let count = 1n;
  let negative = false;
  if (first !== undefined && rest.length > 0) {
    const countText = rest.join(':');
    if (first === '' || countText === '') {
      problems.push(refusal('invalid-gres', `${GRES_REFUSAL}: "${entry}" has an empty type or count.`, 'write name:type:count, e.g. gpu:a100:2', where));
      return { name, type, count: 0n, problems };
    }
    const reading = readCount(countText);
    if (reading.kind === 'not-a-count') {
      problems.push(refusal('invalid-gres', `${GRES_REFUSAL}: the count "${countText}" in "${entry}" is not a number.`, 'write name:type:count, e.g. gpu:a100:2', where));
      return { name, type, count: 0n, problems };
    }
    type = first;
    count = reading.count;
    negative = reading.negative;
  } else if (first !== undefined) {
    if (first === '') {
      problems.push(refusal('invalid-gres', `${GRES_REFUSAL}: "${entry}" ends with ":" but gives no count.`, `write ${name}:1`, where));
      return { name, type, count: 0n, problems };
    }
    const reading = readCount(first);
    if (reading.kind === 'count') {
      count = reading.count;
      negative = reading.negative;
    } else {
      type = first;
    }
  }

  if (!controllerAcceptsCount(entry)) {
    problems.push(refusal('invalid-gres-count', `${TRES_REFUSAL}: "${entry}" does not end in a whole count.`, 'counts are whole numbers, optionally with a k/m/g/t/p suffix', where));
  } else if (negative && count !== 0n) {
    // Like an unknown GRES type, this is refused only when the controller matches the job to nodes
    // ("Requested node configuration is not available"); a held submission is accepted.
    problems.push(
      note(
        'negative-gres-count',
        'error',
        `sbatch reads the negative count in "${entry}" as ${count}, so no node can run the job: the controller refuses it ("Requested node configuration is not available").`,
        'give a positive count',
        where,
      ),
    );
  } else if (type !== null && /^-\d+$/.test(type)) {
    problems.push(
      note(
        'negative-gres-count',
        'error',
        `sbatch reads "${type}" in "${entry}" as a GRES type, which no node has: the controller refuses the job ("Requested node configuration is not available").`,
        'give a positive count',
        where,
      ),
    );
  } else if (type !== null && /^\d/.test(type)) {
    problems.push(
      note(
        'gres-numeric-type',
        'warning',
        `"${entry}" asks for ${count} of a GRES type named "${type}"; a number in that place is read as a type, which nodes rarely have.`,
        'write name:type:count or name:count',
        where,
      ),
    );
  } else if (count === 0n) {
    problems.push(note('gres-count-zero', 'info', `"${entry}" asks for a count of 0, so ${option} requests nothing for it.`, undefined, where));
  } else if (count > BigInt(Number.MAX_SAFE_INTEGER)) {
    problems.push(note('gres-count-huge', 'warning', `"${entry}" asks for ${count} units; no node has that many, so the job can never start.`, undefined, where));
  }
  return { name, type, count, problems };
}

/** The 22.05 client checks each name against slurm.conf GresTypes; we do not know the cluster's. */
function checkName(name: string, entry: string, where: ValueProblem['at']): ValueProblem[] {
  if (name === '') return [refusal('invalid-gres', `${GRES_REFUSAL}: "${entry}" has no GRES name.`, 'write name[:type][:count], e.g. gpu:2', where)];
  if (STANDARD_GRES_NAMES.includes(name)) return [];
  const standard = STANDARD_GRES_NAMES.find((known) => known === name.toLowerCase());
  if (standard) {
    return [
      note(
        'unknown-gres-name',
        'warning',
        `GRES names are case-sensitive: a cluster without "${name}" in GresTypes refuses the script ("Invalid generic resource (gres) specification").`,
        `write ${standard}`,
        where,
      ),
    ];
  }
  return [
    note(
      'unknown-gres-name',
      'warning',
      `"${name}" is not a standard GRES: a cluster without "${name}" in slurm.conf GresTypes refuses the script ("Invalid generic resource (gres) specification").`,
      'check the GRES names of the target cluster (scontrol show config | grep GresTypes)',
      where,
    ),
  ];
}

/**
 * gres_job_state_validate(): one name may not be asked for both with and without a type, and a
 * repeated name:type keeps the last count.
 */
function combine<T extends { name: string; type: string | null; count: number }>(
  entries: { request: T; offset: number; text: string }[],
  optionText: string,
): { requests: T[]; problems: ValueProblem[] } {
  const problems: ValueProblem[] = [];
  const byKey = new Map<string, T>();
  for (const { request, offset, text } of entries) {
    const key = `${request.name}\u0000${request.type ?? ''}`;
    if (byKey.has(key)) {
      problems.push(
        note('duplicate-gres', 'warning', `"${text}" repeats a GRES already requested in ${optionText}; Slurm keeps the last count.`, 'name each GRES (and type) once', at(offset, text)),
      );
      byKey.delete(key);
    }
    byKey.set(key, request);
  }
  const requests = [...byKey.values()];
  const mixed = requests.find((r) => r.type === null && requests.some((o) => o.name === r.name && o.type !== null));
  if (mixed) {
    problems.push(
      refusal(
        'gres-with-and-without-type',
        `sbatch refuses the script: "Invalid GRES specification (with and without type identification)": ${mixed.name} is requested both with and without a type.`,
        `give a type to every ${mixed.name} entry, or to none`,
      ),
    );
  }
  return { requests, problems };
}

interface SplitEntry {
  text: string;
  offset: number;
}

function splitEntries(value: string): SplitEntry[] {
  const entries: SplitEntry[] = [];
  let offset = 0;
  for (const text of value.split(',')) {
    entries.push({ text, offset });
    offset += text.length + 1;
  }
  return entries;
}

/** The prefixes of a `--gres` entry that name the TRES type and nothing else, per release. */
function tresPrefixes(ctx: ValueContext): string[] {
  if (!releaseAtLeast(ctx.release, '23.02')) return ['gres:'];
  // observed on Slurm 24.11.5: `--gres=gres:gpu:1` is refused ("Invalid generic resource (gres) specification").
  return releaseAtLeast(ctx.release, '24.11') ? ['gres/'] : ['gres:', 'gres/'];
}

/** gres_prepend_tres_type() turns a leading TRES-type prefix into nothing. */
function stripPrefix(entry: SplitEntry, ctx: ValueContext): SplitEntry {
  for (const prefix of tresPrefixes(ctx)) {
    if (entry.text.startsWith(prefix)) return { text: entry.text.slice(prefix.length), offset: entry.offset + prefix.length };
  }
  return entry;
}

/**
 * `--gres=<list>`: per-node requests `name[[:type]:count]`, comma-separated. `none` means no GRES;
 * `help` and `list` make sbatch print the cluster's GRES and exit without submitting.
 */
export function parseGres(value: string, ctx: ValueContext): Parsed<GresRequest[]> {
  if (equalsIgnoringCase(value, 'none')) return ok([]);
  if (equalsIgnoringCase(value, 'help') || equalsIgnoringCase(value, 'list')) {
    return fail(
      refusal(
        'gres-help',
        `--gres=${value} makes sbatch print the available GRES and exit (status 0) without submitting the job.`,
        'remove the directive, or name the resources, e.g. --gres=gpu:1',
      ),
    );
  }
  const problems: ValueProblem[] = [];
  const readings: { request: GresRequest; offset: number; text: string }[] = [];
  for (const raw of splitEntries(value)) {
    const entry = stripPrefix(raw, ctx);
    // observed on Slurm 24.11.5: `--gres=`, `--gres=gpu:1,` and `--gres=gres/` are accepted (TresPerNode=gres/gpu:1,gres/).
    if (entry.text === '' && releaseAtLeast(ctx.release, '24.11')) continue;
    if (entry.text === '') {
      problems.push(refusal('invalid-gres', `${TRES_REFUSAL}: the list has an empty entry.`, 'remove the extra comma', at(raw.offset, raw.text)));
      continue;
    }
    if (releaseAtLeast(ctx.release, '24.11') && entry.text.startsWith('gres:')) {
      problems.push(
        refusal(
          'invalid-gres',
          `${GRES_REFUSAL}: Slurm ${ctx.release} takes "gres:" as part of the GRES name ("${entry.text}"); only "gres/" may stand before it.`,
          `write ${entry.text.slice('gres:'.length) || 'name[:type][:count]'}`,
          at(entry.offset, entry.text),
        ),
      );
      continue;
    }
    if (!releaseAtLeast(ctx.release, '23.02') && entry.text.startsWith('gres/')) {
      problems.push(
        refusal(
          'invalid-gres',
          `${GRES_REFUSAL}: Slurm 22.05 does not know the "gres/" prefix ("${entry.text}").`,
          `write ${entry.text.slice('gres/'.length)}`,
          at(entry.offset, entry.text),
        ),
      );
      continue;
    }
    const where = at(entry.offset, entry.text);
    // observed on Slurm 24.11.5: `--gres=gpu=2` asks for 2 GPUs (TresPerNode=gres/gpu=2), the TRES way of writing a count.
    const written = releaseAtLeast(ctx.release, '24.11') ? entry.text.replace(/=(?=[^=]*$)/, ':') : entry.text;
    const reading = readEntry(written, where, '--gres');
    problems.push(...reading.problems);
    if (reading.problems.some((p) => p.refusedBySbatch)) continue;
    // A count of 0 drops the entry before the client looks the name up.
    if (reading.count === 0n) continue;
    if (!releaseAtLeast(ctx.release, '23.02') && reading.name.includes('=')) {
      // observed on Slurm 22.05.8: "gpu=2" is looked up as a GRES name, which no cluster can have.
      problems.push(
        refusal(
          'invalid-gres',
          `${GRES_REFUSAL}: Slurm 22.05 reads "${reading.name}" as a GRES name; it only separates name, type and count with ":".`,
          `write ${reading.name.replace('=', ':')}`,
          where,
        ),
      );
      continue;
    }
    if (equalsIgnoringCase(reading.name, 'none')) {
      // observed on Slurm 22.05.8 and 24.11.5: only a --gres of `none` alone means no GRES.
      problems.push(refusal('invalid-gres', `${GRES_REFUSAL}: "none" means no GRES only on its own, not in a list.`, 'remove "none" from the list', where));
      continue;
    }
    problems.push(...checkName(reading.name, entry.text, where));
    readings.push({ request: { name: reading.name, type: reading.type, count: Number(reading.count) }, offset: entry.offset, text: entry.text });
  }
  const combined = combine(readings, '--gres');
  problems.push(...combined.problems);
  if (problems.some((p) => p.refusedBySbatch)) return fail(...problems);
  return ok(combined.requests, problems);
}

/**
 * `--gpus`, `--gpus-per-node`, `--gpus-per-socket`, `--gpus-per-task`: `[type:]count[,…]`. sbatch
 * prefixes each comma-separated item with `gres:gpu:` and checks it as a GRES (empty items are
 * skipped, and an empty value asks for nothing).
 */
export function parseGpuSpec(value: string, _ctx: ValueContext, option: GpuOption): Parsed<GpuRequest[]> {
  const problems: ValueProblem[] = [];
  const readings: { request: GresRequest; offset: number; text: string }[] = [];
  for (const entry of splitEntries(value)) {
    if (entry.text === '') continue;
    const where = at(entry.offset, entry.text);
    const reading = readEntry(`gpu:${entry.text}`, where, `--${option}`);
    problems.push(...reading.problems);
    if (reading.type === 'gpu') {
      problems.push(
        note(
          'gpu-type-named-gpu',
          'warning',
          `--${option}=${value} asks for GPUs of a type named "gpu"; no node has that type, so the job can never start.`,
          `write --${option}=${entry.text.startsWith('gpu:') ? entry.text.slice('gpu:'.length) : '1'}`,
          where,
        ),
      );
    }
    if (reading.problems.some((p) => p.refusedBySbatch) || reading.count === 0n) continue;
    readings.push({ request: { name: 'gpu', type: reading.type, count: Number(reading.count) }, offset: entry.offset, text: entry.text });
  }
  const combined = combine(readings, `--${option}`);
  problems.push(...combined.problems);
  if (problems.some((p) => p.refusedBySbatch)) return fail(...problems);
  return ok(
    combined.requests.map(({ type, count }) => ({ type, count })),
    problems,
  );
}
