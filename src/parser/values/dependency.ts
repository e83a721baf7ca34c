import { releaseAtLeast } from '../slurm-release.js';
import { equalsIgnoringCase, isCDigit, scanCInteger, startsWithIgnoringCase, toInt32 } from './c-number.js';
import type { ValueContext } from './context.js';
import { fail, note, ok, refusal, type Parsed, type ValueProblem } from './result.js';

export type DependencyType = 'after' | 'afterany' | 'afterok' | 'afternotok' | 'aftercorr' | 'afterburstbuffer' | 'singleton' | 'expand';

export interface DependencyJob {
  /** The job id as the controller stores it (a 32-bit unsigned number). */
  id: number;
  /** An array task, `*` for the whole array, or null for the job as named. */
  task: number | '*' | null;
  /** `+minutes` after the job id; Slurm only acts on it for `after`. */
  delayMinutes: number | null;
}

export interface DependencyTerm {
  type: DependencyType;
  /** Empty for `singleton`. */
  jobs: DependencyJob[];
}

/** A dependency list: every term must hold (`and`, items joined by `,`) or any one (`or`, `?`). */
export interface DependencyExpression {
  op: 'and' | 'or';
  terms: DependencyTerm[];
}

const INFINITE = 0xffffffff;
const NO_VAL = 0xfffffffe;

/**
 * The option value as slurmctld's parser sees it: a C string that ends at the first NUL, which
 * the parser writes into the buffer when it reads a `(state)` marker.
 */
class CBuffer {
  /** Where the parser has written NULs, in order. */
  private nuls: number[] = [];
  private readonly lastIndex = new Map<string, number>();

  constructor(private text: string) {}

  /** The character at `i`, or '' where the string ends (its end, or a NUL written into it). */
  at(i: number): string {
    const c = i < 0 ? undefined : this.text[i];
    return c === undefined || c === '\0' ? '' : c;
  }

  /** Up to `length` characters from `from`, stopping where the string ends. */
  peek(from: number, length = Infinity): string {
    let out = '';
    for (let i = from; out.length < length && this.at(i) !== ''; i++) out += this.at(i);
    return out;
  }

  /** strchr from `from`: the index of `c`, or -1. */
  indexOf(c: string, from: number): number {
    // The parser only ever removes characters, so a last position found once stays an upper bound.
    let last = this.lastIndex.get(c);
    if (last === undefined) {
      last = this.text.lastIndexOf(c);
      this.lastIndex.set(c, last);
    }
    if (from > last) return -1;
    const found = this.text.indexOf(c, Math.max(from, 0));
    const end = this.nuls.find((n) => n >= from);
    return found < 0 || (end !== undefined && end < found) ? -1 : found;
  }

  terminate(i: number): void {
    this.text = `${this.text.slice(0, i)}\0${this.text.slice(i + 1)}`;
    this.nuls = [...this.nuls, i].sort((a, b) => a - b);
  }

  startsWithIgnoreCase(from: number, prefix: string): boolean {
    return startsWithIgnoringCase(this.peek(from, prefix.length), prefix);
  }

  /** strtol in base 10 from `from` (a NUL stops it like any other non-digit). */
  strtol(from: number): { value: bigint; end: number } {
    return scanCInteger(this.text, from);
  }
}

const uint32 = (v: bigint): number => Number(BigInt.asUintN(32, v));

function taskOf(value: bigint): number | '*' | null {
  const task = uint32(value);
  return task === INFINITE ? '*' : task === NO_VAL ? null : task;
}

/** `id`, `id_task` or `id_*` from `from`; `next` is the first character after it. */
function readJobId(buf: CBuffer, from: number): { jobId: number; task: number | '*' | null; next: number } {
  const id = buf.strtol(from);
  if (buf.at(id.end) !== '_') return { jobId: uint32(id.value), task: null, next: id.end };
  if (buf.at(id.end + 1) === '*') return { jobId: uint32(id.value), task: '*', next: id.end + 2 };
  const task = buf.strtol(id.end + 1);
  return { jobId: uint32(id.value), task: taskOf(task.value), next: task.end };
}

/**
 * bitfmt2int() + inx2bitstr(): the indices of a `1-3,5` or `1-7:2` list, or null when the list is
 * malformed or an index falls outside 0..maxArraySize-1. The step form stops before its end.
 */
function arrayIndices(list: string, maxArraySize: number): number[] | null {
  const pairs: [number, number][] = [];
  if (list.includes(':')) {
    const first = scanCInteger(list, 0);
    if (list[first.end] !== '-') return null;
    const last = scanCInteger(list, first.end + 1);
    if (list[last.end] !== ':') return null;
    const stride = scanCInteger(list, last.end + 1);
    if (stride.end !== list.length) return null;
    const [start, end, step] = [toInt32(first.value), toInt32(last.value), toInt32(stride.value)];
    if (end < start || step <= 0) return null;
    for (let i = start; i < end; i += step) {
      // An index past the array bound makes the whole list invalid; stop before looping further.
      if (i >= maxArraySize) return null;
      pairs.push([i, i]);
    }
  } else {
    let sum = 0;
    let start = -1;
    for (let i = 0; i <= list.length; i++) {
      const c = list[i] ?? '\0';
      if (c >= '0' && c <= '9') sum = (sum * 10 + Number(c)) | 0;
      else if (c === '-') {
        start = sum;
        sum = 0;
      } else if (c === ',' || c === '\0') {
        if (i === 0) break;
        pairs.push([start === -1 ? sum : start, sum]);
        start = -1;
        sum = 0;
      }
    }
  }
  const indices = new Set<number>();
  for (const [lo, hi] of pairs) {
    if (lo < 0 || lo >= maxArraySize || hi < 0 || hi >= maxArraySize) return null;
    for (let t = lo; t <= hi; t++) indices.add(t);
  }
  return [...indices].sort((a, b) => a - b);
}

/**
 * _xlate_array_dep(): rewrites `123_[1-3]` as `123_1:123_2:123_3` before parsing; null when the
 * value has no `_[`, or a bracket is malformed (the original value is then parsed and refused).
 */
function expandArrayBrackets(value: string, maxArraySize: number): string | null {
  if (!value.includes('_[')) return null;
  let out = '';
  let idStart = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    out += c;
    if (c >= '0' && c <= '9') {
      if (idStart < 0) idStart = i;
    } else if (c === '_' && value[i + 1] === '[' && idStart >= 0) {
      const jobId = uint32(scanCInteger(value, idStart).value);
      i += 2;
      const close = value.indexOf(']', i);
      if (close < 0) return null;
      const tasks = arrayIndices(value.slice(i, close), maxArraySize);
      if (!tasks || tasks.length === 0) return null;
      out += tasks.map((t, k) => (k === 0 ? `${t}` : `:${jobId}_${t}`)).join('');
      i = close;
      idStart = -1;
    } else {
      idStart = -1;
    }
  }
  return out;
}

interface ParsedDependency {
  type: DependencyType;
  job: DependencyJob | null;
  markedFailed: boolean;
}

type ScanResult = { ok: true; deps: ParsedDependency[]; or: boolean; and: boolean; ignoredFrom: number | null; text: string } | { ok: false; reason: string; at: number };

/** _parse_depend_state(): a `(state)` anywhere in the rest of the value is taken as this item's. */
function readState(buf: CBuffer, pos: number): { next: number; failed: boolean } | null {
  const open = buf.indexOf('(', pos);
  if (open < 0) return { next: pos, failed: false };
  const close = buf.indexOf(')', pos);
  if (close < 0) return null;
  buf.terminate(close);
  return { next: close + 1, failed: equalsIgnoringCase(buf.peek(open + 1), 'failed') };
}

/** The type prefixes in the order update_job_dependency() tries them, with the length it compares. */
const TYPE_PREFIXES: [string, DependencyType][] = [
  ['afternotok:', 'afternotok'],
  ['aftercorr:', 'aftercorr'],
  ['afterany:', 'afterany'],
  ['afterok:', 'afterok'],
  ['afterburstb', 'afterburstbuffer'],
  ['after:', 'after'],
  ['expand:', 'expand'],
];

/** The job ids after `type:`, as _parse_dependency_jobid_new() reads them. */
function readJobs(buf: CBuffer, from: number, type: DependencyType, deps: ParsedDependency[]): { ok: true; next: number } | { ok: false; reason: string; at: number } {
  let pos = from;
  for (let count = 0; ; count++) {
    const { jobId, task, next: afterId } = readJobId(buf, pos);
    let next = afterId;
    if (jobId === 0) return { ok: false, reason: `"${buf.peek(pos)}" does not start with a job id (0 is not one)`, at: pos };
    if (!['', ',', '?', ':', '+', '('].includes(buf.at(next))) {
      return { ok: false, reason: `unexpected "${buf.at(next)}" after job id ${jobId}`, at: next };
    }
    if (type === 'expand' && count > 0) return { ok: false, reason: 'expand takes a single job id', at: pos };
    let delayMinutes: number | null = null;
    if (buf.at(next) === '+') {
      const d = buf.strtol(next + 1);
      const minutes = toInt32(d.value);
      if (minutes <= 0) return { ok: false, reason: `the delay after "+" must be a positive number of minutes`, at: next + 1 };
      // The controller keeps the delay in seconds in 32 bits and shows it divided by 60.
      delayMinutes = Math.floor(uint32(BigInt(minutes) * 60n) / 60) || null;
      next = d.end;
    }
    const state = readState(buf, next);
    if (!state) return { ok: false, reason: 'a "(" has no matching ")"', at: next };
    next = state.next;
    deps.push({ type, job: { id: jobId, task, delayMinutes }, markedFailed: state.failed });
    if (buf.at(next) !== ':') return { ok: true, next };
    pos = next + 1;
  }
}

/** update_job_dependency() in 22.05 job_scheduler.c, minus the lookups of existing jobs. */
function scan(text: string): ScanResult {
  const buf = new CBuffer(text);
  const deps: ParsedDependency[] = [];
  let or = false;
  let and = false;
  let pos = 0;
  const separator = (c: string): boolean => {
    if (c === ',') and = true;
    else if (c === '?') or = true;
    else return false;
    pos++;
    return true;
  };
  const failure = (reason: string, at: number): ScanResult => ({ ok: false, reason, at });
  for (;;) {
    if (buf.startsWithIgnoreCase(pos, 'singleton')) {
      const state = readState(buf, pos + 'singleton'.length);
      if (!state) return failure('a "(" has no matching ")"', pos);
      deps.push({ type: 'singleton', job: null, markedFailed: state.failed });
      pos = state.next;
      if (separator(buf.at(pos))) continue;
      if (buf.at(pos) !== '') return failure(`unexpected "${buf.peek(pos)}" after singleton`, pos);
      return { ok: true, deps, or, and, ignoredFrom: null, text };
    }

    const colon = buf.indexOf(':', pos);
    if (colon < 0 && isCDigit(buf.at(pos))) {
      // The old form: a bare job id means afterany.
      const { jobId, task, next } = readJobId(buf, pos);
      if (jobId === 0) return failure('job id 0 is not a job', pos);
      if (buf.at(next) !== '' && buf.at(next) !== ',') return failure(`unexpected "${buf.at(next)}" after job id ${jobId}`, next);
      deps.push({ type: 'afterany', job: { id: jobId, task, delayMinutes: null }, markedFailed: false });
      pos = next;
      if (buf.at(pos) === ',' && separator(',')) continue;
      return { ok: true, deps, or, and, ignoredFrom: null, text };
    }
    if (colon < 0) return failure(`"${buf.peek(pos)}" is neither type:jobid nor a job id`, pos);

    const match = TYPE_PREFIXES.find(([prefix]) => buf.startsWithIgnoreCase(pos, prefix));
    if (!match) return failure(`unknown dependency type "${buf.peek(pos).slice(0, colon - pos)}"`, pos);
    const jobs = readJobs(buf, colon + 1, match[1], deps);
    if (!jobs.ok) return jobs;
    pos = jobs.next;
    if (separator(buf.at(pos))) continue;
    return { ok: true, deps, or, and, ignoredFrom: buf.at(pos) === '' ? null : pos, text };
  }
}

const REFUSED = 'sbatch refuses the script: "Batch job submission failed: Job dependency problem"';
const HINT = 'write type:jobid[:jobid][,type:jobid…], e.g. afterok:1234 (types: after, afterany, afterok, afternotok, aftercorr, afterburstbuffer, singleton)';

/** _find_dependency(): items with the same type, job and task are one dependency. */
function dependencyKey(dep: ParsedDependency): string {
  return `${dep.type}:${dep.job?.id ?? 0}_${dep.job?.task ?? ''}`;
}

/** Consecutive items of one type form one term; the controller keeps the first of duplicates. */
function toExpression(deps: ParsedDependency[], or: boolean): DependencyExpression {
  const seen = new Set<string>();
  const terms: DependencyTerm[] = [];
  for (const dep of deps) {
    const key = dependencyKey(dep);
    if (seen.has(key)) continue;
    seen.add(key);
    const last = terms[terms.length - 1];
    if (dep.type === 'singleton') {
      terms.push({ type: 'singleton', jobs: [] });
    } else if (last && last.type === dep.type) {
      last.jobs.push(dep.job as DependencyJob);
    } else {
      terms.push({ type: dep.type, jobs: [dep.job as DependencyJob] });
    }
  }
  // With a single item "and" and "or" mean the same; "and" is what the item alone reads as.
  const items = terms.reduce((n, t) => n + Math.max(t.jobs.length, 1), 0);
  return { op: or && items > 1 ? 'or' : 'and', terms };
}

function notesFor(result: Extract<ScanResult, { ok: true }>, value: string, ctx: ValueContext): ValueProblem[] {
  const notes: ValueProblem[] = [];
  const whole = { start: 0, end: value.length };
  if (result.or && result.and) {
    if (releaseAtLeast(ctx.release, '25.11')) {
      notes.push(refusal('dependency-mixed-separators', `${REFUSED}: Slurm ${ctx.release} does not allow mixing "," (and) with "?" (or).`, 'use only "," or only "?"', whole));
    } else {
      notes.push(
        note(
          'dependency-mixed-separators',
          'warning',
          `The list mixes "," (and) with "?" (or): Slurm ${ctx.release} then treats the whole list as "or" (one condition is enough); Slurm 25.11 refuses it.`,
          'use only "," or only "?"',
          whole,
        ),
      );
    }
  }
  if (result.ignoredFrom !== null) {
    const ignored = result.text.slice(result.ignoredFrom);
    const at = result.text === value ? { start: result.ignoredFrom, end: value.length } : whole;
    if (releaseAtLeast(ctx.release, '25.11')) {
      notes.push(refusal('dependency-trailing-text', `${REFUSED}: "${ignored}" follows the last job id.`, 'remove the text after the job id', at));
    } else {
      notes.push(
        note(
          'dependency-trailing-text',
          'warning',
          `Slurm ${ctx.release} silently ignores "${ignored}" at the end of the dependency, including any condition in it; Slurm 25.11 refuses it.`,
          'remove the text after the job id',
          at,
        ),
      );
    }
  }
  if (result.deps.some((d) => d.markedFailed)) {
    notes.push(
      note(
        'dependency-marked-failed',
        'warning',
        'A "(failed)" marker makes Slurm record that dependency as already failed, so the job never runs (reason DependencyNeverSatisfied).',
        'remove the "(…)" markers copied from scontrol',
        whole,
      ),
    );
  }
  const jobs = result.deps.flatMap((d) => (d.job ? [{ type: d.type, job: d.job }] : []));
  if (jobs.some(({ type, job }) => type !== 'after' && job.delayMinutes !== null)) {
    notes.push(note('dependency-delay-ignored', 'info', 'A "+minutes" delay only acts on "after" dependencies; Slurm accepts and ignores it on the others.', undefined, whole));
  }
  if (releaseAtLeast(ctx.release, '23.02') && jobs.some(({ type }) => type === 'afterok' || type === 'afternotok')) {
    notes.push(
      note(
        'dependency-job-must-exist',
        'warning',
        `Slurm ${ctx.release} refuses the script ("Job dependency problem") if an afterok/afternotok job no longer exists in the controller (finished jobs are forgotten after MinJobAge, 300 s by default).`,
        'submit while the jobs are still known, or use afterany',
        whole,
      ),
    );
  }
  if (jobs.some(({ type }) => type === 'expand')) {
    notes.push(
      note(
        'dependency-expand',
        'warning',
        'expand: is refused ("Requested operation not supported on this system") unless the site sets SchedulerParameters=permit_job_expansion, and then needs the job to be running in the same partition and QOS.',
        undefined,
        whole,
      ),
    );
  }
  if (result.deps.some((d) => d.job && d.job.id >= 2 ** 31)) {
    notes.push(note('dependency-job-id-wrapped', 'warning', 'A job id was negative or too large; Slurm wraps it to a 32-bit number, which names another job.', undefined, whole));
  }
  return notes;
}

/**
 * `-d/--dependency`: null means no dependency (an empty value or `0` clears it). The controller
 * parses the value; job ids are not checked here because the parser cannot know which exist.
 */
export function parseDependency(value: string, ctx: ValueContext): Parsed<DependencyExpression | null> {
  if (value === '' || value === '0') return ok(null);
  const expanded = expandArrayBrackets(value, ctx.maxArraySize);
  const result = scan(expanded ?? value);
  if (!result.ok) {
    const at = expanded === null ? { start: result.at, end: Math.max(value.length, result.at + 1) } : { start: 0, end: value.length };
    return fail(refusal('invalid-dependency', `${REFUSED}: ${result.reason}.`, HINT, at));
  }
  const notes = notesFor(result, value, ctx);
  if (notes.some((n) => n.refusedBySbatch)) return fail(...notes);
  return ok(toExpression(result.deps, result.or), notes);
}

function formatJob(type: DependencyType, job: DependencyJob): string {
  const task = job.task === null ? '' : `_${job.task}`;
  const delay = job.delayMinutes ? `+${job.delayMinutes}` : '';
  return `${type}:${job.id}${task}${delay}`;
}

/** The dependency as `scontrol show job` prints it, without the `(unfulfilled)` state markers. */
export function formatDependency(expr: DependencyExpression | null): string {
  if (!expr) return '';
  const items = expr.terms.flatMap((term) => (term.type === 'singleton' ? ['singleton'] : term.jobs.map((job) => formatJob(term.type, job))));
  return items.join(expr.op === 'or' ? '?' : ',');
}

/** Removes scontrol's `(unfulfilled)`/`(failed)`/`(fulfilled)` markers; `(null)` means none. */
export function stripDependencyMarkers(text: string): string {
  if (text === '(null)') return '';
  return text.replace(/\((?:unfulfilled|fulfilled|failed)\)/g, '');
}
