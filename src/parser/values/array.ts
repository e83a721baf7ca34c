import type { ValueContext } from './context.js';
import type { ArrayIndexSet, ArrayRange } from './array-index-set.js';
import { arrayIncludes, consecutiveRuns, indexBounds, indexCount, makeRange, singleProgressionStep, unionOfRanges } from './array-index-set.js';
import { cAtoi, scanCInteger, strtok, utf8Length } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

export type { ArrayIndexSet } from './array-index-set.js';
export { arrayIncludes, arrayIndices } from './array-index-set.js';

/** A job array as the controller records it. */
export interface ArraySpec extends ArrayIndexSet {
  /** The `--array` value as written. */
  spec: string;
  /** Number of tasks (SLURM_ARRAY_TASK_COUNT). */
  count: number;
  /** Lowest and highest index (SLURM_ARRAY_TASK_MIN/MAX). */
  min: number;
  max: number;
  /** The integer after the first `:` anywhere in the value, default 1 (SLURM_ARRAY_TASK_STEP). */
  step: number;
  /** The throttle after the first `%` anywhere in the value; null when absent or not positive. */
  maxRunning: number | null;
}

/** slurm.conf refuses a MaxArraySize above this, so no cluster accepts a larger index. */
const ABSOLUTE_MAX_ARRAY_SIZE = 4000001;
/** The controller's length limit for the array expression (_test_job_desc_fields). */
const MAX_ARRAY_SPEC_BYTES = 4096;

const SUBMISSION_FAILED = 'sbatch fails with "Batch job submission failed: Invalid job array specification"';

type TokenResult = { ok: true; range: ArrayRange; implicitZero: boolean } | { ok: false; problem: ValueProblem };

function tokenProblem(reason: string, at: { start: number; end: number }, code = 'invalid-array', hint?: string): TokenResult {
  return {
    ok: false,
    problem: refusal(
      code,
      `${SUBMISSION_FAILED}: ${reason}.`,
      hint ?? 'Write indices as N, N-M or N-M:STEP separated by commas, e.g. 0-99 or 1,3,10-20:2, optionally followed by %LIMIT.',
      at,
    ),
  };
}

/** Position after a strtol at `from`: strtol leaves the pointer where it started when there are no digits. */
function afterNumber(tok: string, from: number): { value: number; end: number; digits: boolean } {
  const scan = scanCInteger(tok, from);
  let end = scan.digits ? scan.end : from;
  if (tok[end] === ']') end++;
  return { value: Number(scan.value), end, digits: scan.digits };
}

/** One comma-separated token, the way `_parse_array_tok` (job_mgr.c) reads it; indices and steps must stay below `bound`. */
function parseArrayToken(tok: string, offset: number, bound: number): TokenResult {
  const at = { start: offset, end: offset + tok.length };
  const isEnd = (ch: string | undefined) => ch === undefined || ch === '%';
  const first = afterNumber(tok, tok[0] === '[' ? 1 : 0);
  if (first.value < 0) return tokenProblem(`"${tok}" starts with a negative index`, at);
  let last = first.value;
  let step = 1;
  let end = first.end;
  if (tok[end] === '-') {
    const upper = afterNumber(tok, end + 1);
    last = upper.value;
    end = upper.end;
    if (tok[end] === ':') {
      const stride = afterNumber(tok, end + 1);
      step = stride.value;
      end = stride.end;
      if (!isEnd(tok[end])) return tokenProblem(`"${tok}" has text after its step`, at);
      if (step <= 0) return tokenProblem(`the step in "${tok}" must be at least 1`, at);
      if (step >= bound) return tokenProblem(`the step in "${tok}" is not below MaxArraySize`, at, 'array-step-too-large', 'Use a smaller step.');
    } else if (!isEnd(tok[end])) {
      return tokenProblem(`"${tok}" is not N, N-M or N-M:STEP`, at);
    }
    if (last < first.value) return tokenProblem(`the range "${tok}" ends before it starts`, at, 'invalid-array', 'Write the smaller index first, e.g. 1-5.');
  } else if (!isEnd(tok[end])) {
    return tokenProblem(`"${tok}" is not N, N-M or N-M:STEP (a step needs a range)`, at);
  }
  if (last >= bound) return tokenProblem(`index ${last} is not below MaxArraySize`, at, 'array-index-too-large', 'Use smaller indices.');
  return { ok: true, range: makeRange(first.value, last, step), implicitZero: !first.digits };
}

/**
 * `-a/--array` as the controller validates it (_valid_array_inx and _parse_array_tok in job_mgr.c).
 * The value is null for an empty `--array=`, which submits an ordinary job. Indices at or above
 * `ctx.maxArraySize` are refused on a real cluster and only warned about otherwise.
 */
export function parseArraySpec(value: string | undefined, ctx: ValueContext): Parsed<ArraySpec | null> {
  const text = value ?? '';
  const noIndices = ok<ArraySpec | null>(null, [note('empty-array', 'warning', `--array=${text} lists no index, so sbatch submits an ordinary job, not an array.`)]);
  if (text === '') return noIndices;
  if (utf8Length(text) > MAX_ARRAY_SPEC_BYTES) {
    return fail(
      refusal(
        'array-spec-too-long',
        `sbatch fails with "Batch job submission failed: Pathname of a file, directory or other parameter too long": the array expression is longer than ${MAX_ARRAY_SPEC_BYTES} bytes.`,
        'Use ranges (0-999) or steps (0-999:2) instead of long lists.',
      ),
    );
  }
  const clusterLimit = Math.max(0, Math.min(ctx.maxArraySize, ABSOLUTE_MAX_ARRAY_SIZE));
  if (clusterLimit === 0 && ctx.arraySizeIsHardLimit) {
    return fail(refusal('arrays-disabled', `${SUBMISSION_FAILED}: job arrays are disabled (MaxArraySize=0).`));
  }
  const bound = ctx.arraySizeIsHardLimit ? clusterLimit : ABSOLUTE_MAX_ARRAY_SIZE;
  const ranges: ArrayRange[] = [];
  const oddTokens: string[] = [];
  for (const { token, start } of strtok(text, ',')) {
    const parsed = parseArrayToken(token, start, bound);
    if (!parsed.ok) return fail(parsed.problem);
    ranges.push(parsed.range);
    if (parsed.implicitZero) oddTokens.push(token);
  }
  // observed on Slurm 22.05.8: "--array=," submits an ordinary job, like an empty value.
  if (!ranges.length) return noIndices;
  const set = unionOfRanges(ranges);
  const { first, last } = indexBounds(set.ranges);
  const spec: ArraySpec = {
    spec: text,
    ranges: set.ranges,
    count: indexCount(set),
    min: first,
    max: last,
    step: afterFirst(text, ':') ?? 1,
    maxRunning: positiveOrNull(afterFirst(text, '%')),
  };
  const notes = arrayNotes(text, spec, ranges, ctx, clusterLimit);
  if (oddTokens.length) {
    notes.push(
      note(
        'array-implicit-zero',
        'warning',
        `${oddTokens.map((t) => `"${t}"`).join(', ')} has no first index; Slurm reads the missing number as 0.`,
        'Write the indices explicitly, e.g. 0-5.',
      ),
    );
  }
  return ok(spec, notes);
}

function afterFirst(text: string, separator: string): number | null {
  const at = text.indexOf(separator);
  return at < 0 ? null : cAtoi(text, at + 1);
}

function positiveOrNull(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}

function arrayNotes(text: string, spec: ArraySpec, ranges: ArrayRange[], ctx: ValueContext, clusterLimit: number): ValueProblem[] {
  const notes: ValueProblem[] = [];
  const largestStep = ranges.reduce((largest, r) => Math.max(largest, r.step), 1);
  if (!ctx.arraySizeIsHardLimit && (spec.max >= clusterLimit || largestStep >= clusterLimit)) {
    notes.push(
      note(
        'array-index-too-large',
        'warning',
        `The array reaches index ${spec.max}; a cluster with MaxArraySize=${clusterLimit} (Slurm's default is 1001) refuses indices of ${clusterLimit} and more ("Invalid job array specification"). The cloud has no such limit.`,
        'Keep indices below the MaxArraySize of every cluster you may submit to.',
      ),
    );
  }
  const percent = text.indexOf('%');
  if (percent >= 0 && spec.maxRunning === null) {
    notes.push(
      note(
        'array-throttle-ignored',
        'warning',
        `The throttle "${text.slice(percent)}" is not a positive number, so Slurm ignores it and runs tasks without a limit.`,
        'Write %N with N ≥ 1 after the indices, e.g. 1-100%10.',
      ),
    );
  } else if (percent >= 0 && /%/.test(text.slice(percent + 1))) {
    notes.push(note('array-throttle-ignored', 'warning', `Only the first %-limit counts (${spec.maxRunning}); later ones are ignored.`));
  }
  if (ranges.reduce((sum, r) => sum + (r.end - r.start) / r.step + 1, 0) !== spec.count) {
    notes.push(note('array-duplicate-indices', 'info', 'Some indices are listed more than once; each task runs once.'));
  }
  return notes;
}

/**
 * What scontrol prints as `ArrayTaskId=` for a freshly submitted array (xlate_array_task_str):
 * `first-last:step` for an evenly stepped array spanning more than 10 with more than 5 tasks,
 * otherwise ranges like `1-3,7`, cut to 60 characters plus `...` (SLURM_BITSTR_LEN=`bitstrLen`,
 * 0 for no limit), then `%throttle`.
 */
export function formatArrayTaskIds(spec: ArrayIndexSet & { maxRunning?: number | null }, bitstrLen = 64): string {
  const throttle = spec.maxRunning ? `%${spec.maxRunning}` : '';
  if (!spec.ranges.length) return throttle;
  const { first, last } = indexBounds(spec.ranges);
  const step = singleProgressionStep(spec);
  if (last - first > 10 && indexCount(spec) > 5 && !arrayIncludes(spec, first + 1) && step !== null) {
    return `${first}-${last}:${step}${throttle}`;
  }
  const limit = bitstrLen > 0 ? Math.max(bitstrLen, 4) : Infinity;
  let text = '';
  for (const run of consecutiveRuns(spec)) {
    text += `${text ? ',' : ''}${run.first === run.last ? run.first : `${run.first}-${run.last}`}`;
    if (text.length >= limit) break;
  }
  if (Number.isFinite(limit) && text.length > limit - 3) text = `${text.slice(0, limit - 4)}...`;
  return text + throttle;
}

/** The index set behind an `ArrayTaskId=` value; `truncated` when scontrol cut it with `...`. */
export interface ArrayTaskIds extends ArrayIndexSet {
  count: number;
  maxRunning: number | null;
  truncated: boolean;
}

/** Reads scontrol's `ArrayTaskId=` text back (the inverse of {@link formatArrayTaskIds}). */
export function parseArrayTaskIds(text: string): Parsed<ArrayTaskIds> {
  const [body = '', throttle] = text.split('%');
  const truncated = body.endsWith('...');
  const items = (truncated ? body.slice(0, -3) : body).split(',');
  // The item cut by the truncation may have lost digits.
  if (truncated) items.pop();
  const ranges: ArrayRange[] = [];
  for (const item of items) {
    const match = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(item);
    const start = Number(match?.[1]);
    const end = match?.[2] === undefined ? start : Number(match[2]);
    const step = match?.[3] === undefined ? 1 : Number(match[3]);
    if (!match || end < start || step < 1 || end >= ABSOLUTE_MAX_ARRAY_SIZE) {
      return fail(refusal('invalid-array-task-ids', `"${text}" is not an ArrayTaskId value as scontrol prints it ("${item}").`));
    }
    ranges.push(makeRange(start, end, step));
  }
  const maxRunning = throttle === undefined ? null : /^\d+$/.test(throttle) ? Number(throttle) : NaN;
  if (Number.isNaN(maxRunning)) return fail(refusal('invalid-array-task-ids', `"${text}" has an unreadable throttle.`));
  const set = unionOfRanges(ranges);
  return ok({ ranges: set.ranges, count: indexCount(set), maxRunning, truncated });
}
