import { releaseAtLeast, type SlurmRelease } from '../slurm-release.js';
import { equalsIgnoringCase, isCDigit } from './c-number.js';
import type { ValueContext } from './context.js';
import { note, ok, type Parsed, type ValueProblem } from './result.js';

/**
 * A piece of an `--output`/`--error`/`--input` pattern. `field` is `%` + optional width + one
 * character; whether that character is a replacement symbol depends on the release. A `%` with
 * digits but nothing after them (`a%5`) or followed by another `%` (`%5%j`) is `dangling`.
 */
export type FilenameSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'percent' }
  | { kind: 'field'; letter: string; width: number | null; raw: string }
  | { kind: 'dangling'; digits: string };

export interface FilenamePattern {
  /** The option value as written. */
  raw: string;
  /** The path Slurm stores: `none` (any case) becomes /dev/null. */
  path: string;
  /** Any backslash turns expansion off for the whole name; the backslashes are removed. */
  escaped: boolean;
  segments: FilenameSegment[];
  /** `%a` (or `%b`) appears, so every array task writes its own file. */
  usesArrayIndex: boolean;
  /** `%A` appears. */
  usesArrayJobId: boolean;
  /** `%j` or `%J` appears, so each job (and array task) writes its own file. */
  usesJobId: boolean;
  /** The directory part, as written (before expansion); Slurm does not create it. Null when none. */
  directory: string | null;
  /** The directory part contains `%` fields, so it differs between jobs. */
  directoryIsPattern: boolean;
  absolute: boolean;
}

/** What a batch step's file name expands from. */
export interface FilenameVars {
  jobId: number;
  /** The array's master job id; for a job that is not an array task, give null. */
  arrayJobId?: number | null;
  /** The task index; null (or absent) for a job that is not an array task. */
  arrayTaskId?: number | null;
  /** SLURM_JOB_NAME on the node; null prints as `(null)`, as for a 22.05 job read from stdin. */
  jobName: string | null;
  user: string;
  /** The Slurm node name (e.g. `n1`). */
  nodeName: string;
  /** The node's host name (gethostname), which 22.05 uses for `%N`. */
  hostName: string;
  nodeIndex?: number;
  taskId?: number;
  /** `batch` for the batch script (the default), or a step number. */
  stepId?: number | 'batch';
  restartCount?: number;
  /** The job's SLUID (`%S`, 26.05 and later). */
  sluid?: string;
  /** Relative names are joined to this directory (sbatch does so at submission). */
  workDir?: string;
}

/** What `scontrol show job` needs to print StdOut/StdErr/StdIn of a job. */
export interface ScontrolVars {
  jobId: number;
  arrayJobId?: number | null;
  /** Null for a job that is not an array task, and for a pending array's own record. */
  arrayTaskId?: number | null;
  user: string;
  jobName: string;
  workDir: string;
}

/** NO_VAL, which a job without an array index prints for `%a`. */
const NO_ARRAY_TASK = 4294967294;
const MAX_WIDTH = 10;

/** The letters a batch step expands in each release. */
function knownLetters(release: SlurmRelease): string {
  let letters = 'aAjJnNstux';
  if (releaseAtLeast(release, '24.05')) letters += 'b';
  if (releaseAtLeast(release, '26.05')) letters += 'rS';
  return letters;
}

function segment(value: string): FilenameSegment[] {
  const segments: FilenameSegment[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) segments.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < value.length; ) {
    const c = value[i] as string;
    if (c !== '%') {
      literal += c;
      i++;
      continue;
    }
    if (value[i + 1] === '%') {
      flush();
      segments.push({ kind: 'percent' });
      i += 2;
      continue;
    }
    let end = i + 1;
    while (isCDigit(value[end])) end++;
    const digits = value.slice(i + 1, end);
    const next = value[end];
    if (next === undefined && digits === '') {
      literal += '%';
      i++;
    } else if (next === undefined || (next === '%' && digits !== '')) {
      flush();
      segments.push({ kind: 'dangling', digits });
      i = end;
    } else {
      flush();
      const width = digits === '' ? null : Math.min(Number(digits), MAX_WIDTH);
      segments.push({ kind: 'field', letter: next, width, raw: value.slice(i, end + 1) });
      i = end + 1;
    }
  }
  flush();
  return segments;
}

function fieldLetters(segments: FilenameSegment[], letters: string): boolean {
  return segments.some((s) => s.kind === 'field' && letters.includes(s.letter));
}

/**
 * `-o/--output`, `-e/--error`, `-i/--input`: a file name pattern, expanded on the node when the
 * job starts (see expandFilenamePattern). sbatch accepts any value; the notes say what Slurm will
 * do with surprising ones.
 */
export function parseFilenamePattern(value: string, ctx: ValueContext): Parsed<FilenamePattern> {
  const path = equalsIgnoringCase(value, 'none') ? '/dev/null' : value;
  const escaped = path.includes('\\');
  const segments = escaped ? [{ kind: 'literal' as const, text: removeBackslashes(path) }] : segment(path);
  const slash = path.lastIndexOf('/');
  const directory = slash > 0 ? path.slice(0, slash) : null;
  const pattern: FilenamePattern = {
    raw: value,
    path,
    escaped,
    segments,
    usesArrayIndex: fieldLetters(segments, 'ab'),
    usesArrayJobId: fieldLetters(segments, 'A'),
    usesJobId: fieldLetters(segments, 'jJ'),
    directory,
    directoryIsPattern: !escaped && directory !== null && directory.includes('%'),
    absolute: path.startsWith('/'),
  };
  return ok(pattern, patternNotes(pattern, ctx.release));
}

function patternNotes(pattern: FilenamePattern, release: SlurmRelease): ValueProblem[] {
  const notes: ValueProblem[] = [];
  if (pattern.raw === '') {
    notes.push(note('empty-filename', 'warning', 'An empty file name makes Slurm open the working directory itself, which fails: the output is lost.', 'name a file, or use none'));
  }
  if (pattern.escaped) {
    notes.push(
      note('filename-backslash', 'info', `The name contains a backslash, so Slurm expands no %-symbols in it and only removes the backslashes: "${removeBackslashes(pattern.path)}".`),
    );
  }
  const known = knownLetters(release);
  const laterLetters: Record<string, SlurmRelease> = { b: '24.05', r: '26.05', S: '26.05' };
  for (const s of pattern.segments) {
    if (s.kind !== 'field' || known.includes(s.letter)) continue;
    const since = laterLetters[s.letter];
    const kept = expandSegments([s], null, release);
    const message = since
      ? `${s.raw} is only expanded from Slurm ${since}; Slurm ${release} writes "${kept}" literally.`
      : `${s.raw} is not a replacement symbol; Slurm ${release} writes "${kept}" literally.`;
    notes.push(note('unknown-filename-symbol', 'warning', message, 'symbols: %A %a %J %j %N %n %s %t %u %x, and %% for a literal %'));
  }
  return notes;
}

/** remove_path_slashes(): `\\` becomes `\`, any other backslash disappears. */
function removeBackslashes(path: string): string {
  return path.replace(/\\(\\?)/g, '$1');
}

function pad(value: number, width: number | null): string {
  return String(value).padStart(width ?? 0, '0');
}

function expandField(letter: string, width: number | null, vars: FilenameVars, release: SlurmRelease): string {
  const task = vars.arrayTaskId ?? NO_ARRAY_TASK;
  switch (letter) {
    case 'a':
      return pad(task, width);
    case 'b':
      return pad(task % 10, width);
    case 'A':
      return pad(vars.arrayTaskId == null ? vars.jobId : (vars.arrayJobId ?? vars.jobId), width);
    case 'j':
      return pad(vars.jobId, width);
    case 'J': {
      const step = vars.stepId ?? 'batch';
      return pad(vars.jobId, width) + (step === 'batch' ? '' : `.${step}`);
    }
    case 'n':
      return pad(vars.nodeIndex ?? 0, width);
    case 't':
      return pad(vars.taskId ?? 0, width);
    case 'N':
      return releaseAtLeast(release, '23.02') ? vars.nodeName : vars.hostName;
    case 's': {
      const step = vars.stepId ?? 'batch';
      return step === 'batch' ? 'batch' : pad(step, width);
    }
    case 'u':
      return vars.user;
    case 'x':
      return vars.jobName ?? '(null)';
    case 'r':
      return pad(vars.restartCount ?? 0, width);
    default:
      return vars.sluid ?? '';
  }
}

/**
 * Expands segments; with `vars` null, only what stays literal is produced (for messages). Up to
 * 25.11 a width before a non-symbol loses the `%` and all but its last digit (`%5z` gives `5z`);
 * from 26.05 the text is kept as written.
 */
function expandSegments(segments: FilenameSegment[], vars: FilenameVars | null, release: SlurmRelease): string {
  const known = knownLetters(release);
  const keepsWidthText = releaseAtLeast(release, '26.05');
  let out = '';
  for (const s of segments) {
    if (s.kind === 'literal') out += s.text;
    else if (s.kind === 'percent') out += '%';
    else if (s.kind === 'dangling') out += keepsWidthText ? `%${s.digits}` : s.digits.slice(-1);
    else if (known.includes(s.letter) && vars) out += expandField(s.letter, s.width, vars, release);
    else if (s.width === null || keepsWidthText) out += s.raw;
    else out += s.raw.slice(-2);
  }
  return out;
}

function withWorkDir(path: string, workDir: string | undefined): string {
  return workDir === undefined || path.startsWith('/') ? path : `${workDir}/${path}`;
}

/** The file name a batch step opens for this pattern (fname_create in slurmstepd). */
export function expandFilenamePattern(pattern: FilenamePattern, vars: FilenameVars, release: SlurmRelease): string {
  return withWorkDir(expandSegments(pattern.segments, vars, release), vars.workDir);
}

/** The pattern sbatch's job gets when no `--output` is given. */
export function defaultOutputPattern(isArray: boolean): string {
  return isArray ? 'slurm-%A_%a.out' : 'slurm-%j.out';
}

/**
 * What `scontrol show job` prints as StdOut/StdErr/StdIn before the job runs (_fname_format of
 * job_info.c), a relative name shown under the working directory. 22.05 replaces only `%A`, `%a`,
 * `%j`, `%u` and `%x`, by plain text substitution (no widths, no `%%`, backslashes kept); 24.11
 * scans the name once, as observed on a real 24.11.5 (`%%j` stays `%j`, `%3j` is padded).
 */
export function expandForScontrol(pattern: FilenamePattern, vars: ScontrolVars, release: SlurmRelease = '22.05'): string {
  const text = releaseAtLeast(release, '24.11') ? scanForScontrol(pattern.path, vars) : substituteForScontrol(pattern.path, vars);
  return withWorkDir(text, vars.workDir);
}

function substituteForScontrol(path: string, vars: ScontrolVars): string {
  const task = vars.arrayTaskId ?? NO_ARRAY_TASK;
  const replacements: [string, string][] = [
    ['%A', String(vars.arrayTaskId == null ? vars.jobId : (vars.arrayJobId ?? vars.jobId))],
    ['%a', String(task)],
    ['%j', String(vars.jobId)],
    ['%u', vars.user],
  ];
  let text = path;
  for (const [symbol, value] of replacements) {
    // Slurm replaces the first occurrence until none is left.
    for (let at = text.indexOf(symbol); at >= 0; at = text.indexOf(symbol)) text = text.slice(0, at) + value + text.slice(at + 2);
  }
  return text.split('%x').join(vars.jobName);
}

/** The field of one letter in 24.11's scan, or null for a letter it leaves alone. */
function scontrolField(letter: string | undefined, width: number, vars: ScontrolVars): string | null {
  const task = vars.arrayTaskId ?? NO_ARRAY_TASK;
  const padded = (n: number) => String(n).padStart(width, '0');
  if (letter === 'A') return padded(vars.arrayTaskId == null ? vars.jobId : (vars.arrayJobId ?? vars.jobId));
  if (letter === 'a') return padded(task);
  if (letter === 'b') return padded(task % 10);
  if (letter === 'j') return padded(vars.jobId);
  if (letter === 'u') return vars.user;
  if (letter === 'x') return vars.jobName;
  return null;
}

/**
 * 24.11's scan: `%%` is one `%`; a width of one digit replaces `%N`, a longer one (capped at 10) keeps
 * what stands before its last two digits; an unknown letter leaves the text as written.
 */
function scanForScontrol(path: string, vars: ScontrolVars): string {
  let out = '';
  let copied = 0;
  let at = 0;
  while (at < path.length) {
    if (path[at] !== '%') {
      at++;
      continue;
    }
    if (path[at + 1] === '%') {
      out += path.slice(copied, at + 1);
      at += 2;
      copied = at;
      continue;
    }
    let width = 0;
    let offset = 1;
    if (isCDigit(path[at + 1])) {
      let end = at + 1;
      while (isCDigit(path[end])) end++;
      const given = Number(path.slice(at + 1, end));
      [width, offset] = given > 9 ? [10, 3] : [given, 2];
      at = end;
      if (at >= path.length) break;
    } else at++;
    const field = scontrolField(path[at], width, vars);
    if (field !== null) {
      out += path.slice(copied, Math.max(copied, at - offset)) + field;
      copied = at + 1;
    }
  }
  return out + path.slice(copied);
}
