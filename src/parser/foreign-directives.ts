import type { Diagnostic, TextRange } from './diagnostic.js';
import { getoptLong } from './getopt.js';
import type { OptionSpec, OptionTable } from './option-table.js';
import type { SlurmRelease } from './slurm-release.js';
import { tokenizeDirective, type Token } from './tokenizer.js';

/**
 * sbatch's translation of `#PBS` and `#BSUB` directives (xlate.c). It reads the whole script, not
 * only the header: it stops after more than 100 lines that do not start with `#`. Only one dialect
 * is translated, `#BSUB` if the script has any, else `#PBS`. The translated options are applied
 * after the `#SBATCH` ones (as if given there), so they win.
 */
export type Dialect = 'BSUB' | 'PBS';

interface Entry {
  token: Token;
  line: number;
}

export interface ForeignScan {
  dialect: Dialect;
  entries: Entry[];
  /** The first directive line, for the diagnostic that says the translation happens. */
  first: TextRange;
  /** Lines sbatch stops at (an unmatched quote, an argument starting with `:`). */
  fatal: { message: string; range: TextRange } | null;
}

/** An sbatch option produced by the translation. */
export interface Translated {
  long: string;
  value: string | undefined;
  range: TextRange;
  line: number;
}

export interface TranslationTarget {
  /** The argument of an sbatch option as set so far (the translation appends to some). */
  current(long: string): string | undefined;
  apply(option: Translated): void;
}

function scanDialect(text: string, dialect: Dialect, release: SlurmRelease, fileLabel: string): ForeignScan | null {
  const magic = `#${dialect}`;
  const entries: Entry[] = [];
  let first: TextRange | null = null;
  let fatal: ForeignScan['fatal'] = null;
  let nonComments = 0;
  let lineNumber = 0;
  for (let start = 0; start <= text.length; ) {
    lineNumber++;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (start === text.length && newline === -1) break;
    if (text.startsWith(magic, start)) {
      first ??= { start, end };
      const tokenized = tokenizeDirective(text, start + magic.length, end, release);
      for (const token of tokenized.tokens) entries.push({ token, line: lineNumber });
      const stop = tokenized.stop;
      if (!fatal && (stop.kind === 'unmatched-quote' || stop.kind === 'unexpected-colon')) {
        const what = stop.kind === 'unmatched-quote' ? `Unmatched \`${stop.quote}\`` : 'Unexpected `:`';
        fatal = { message: `${fileLabel}: line ${lineNumber}: ${what} in [${text.slice(start + magic.length, end)}]`, range: { start: stop.at, end } };
      }
    } else if (text[start] !== '#' && ++nonComments > 100) {
      break;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return first ? { dialect, entries, first, fatal } : null;
}

/** The `#BSUB` lines if the script has any, else the `#PBS` ones, else null. */
export function scanForeignDirectives(text: string, release: SlurmRelease, fileLabel: string): ForeignScan | null {
  return scanDialect(text, 'BSUB', release, fileLabel) ?? scanDialect(text, 'PBS', release, fileLabel);
}

type ArgKind = OptionSpec['arg'];

function dialectTable(shorts: string, longs: [string, ArgKind, string][]): OptionTable {
  const options: OptionSpec[] = [];
  for (let i = 0; i < shorts.length; i++) {
    const letter = shorts[i] as string;
    if (letter === ':') continue;
    options.push({ long: '', short: letter, arg: shorts[i + 1] === ':' ? 'required' : 'none', id: letter, summary: '' });
  }
  for (const [long, arg, letter] of longs) options.push({ long, arg, id: letter, summary: '' });
  const table: OptionTable = { release: '22.05', options, byLong: new Map(), byShort: new Map(), byEnv: new Map() };
  for (const spec of options) {
    if (spec.long) table.byLong.set(spec.long, spec);
    else if (spec.short) table.byShort.set(spec.short, spec);
  }
  return table;
}

const BSUB_TABLE = dialectTable('c:e:J:m:M:n:o:q:W:x', [
  ['cwd', 'required', 'c'],
  ['error_file', 'required', 'e'],
  ['job_name', 'required', 'J'],
  ['hostname', 'required', 'm'],
  ['memory_limit', 'required', 'M'],
  ['output_file', 'required', 'o'],
  ['queue_name', 'required', 'q'],
  ['time', 'required', 'W'],
  ['exclusive', 'none', 'x'],
]);

const PBS_TABLE = dialectTable('a:A:c:C:e:hIj:J:k:l:m:M:N:o:p:q:r:S:t:u:v:VW:z', [
  ['start_time', 'required', 'a'],
  ['account', 'required', 'A'],
  ['checkpoint', 'required', 'c'],
  ['working_dir', 'required', 'C'],
  ['error', 'required', 'e'],
  ['hold', 'none', 'h'],
  ['interactive', 'none', 'I'],
  ['join', 'optional', 'j'],
  ['job_array', 'required', 'J'],
  ['keep', 'required', 'k'],
  ['resource_list', 'required', 'l'],
  ['mail_options', 'required', 'm'],
  ['mail_user_list', 'required', 'M'],
  ['job_name', 'required', 'N'],
  ['out', 'required', 'o'],
  ['priority', 'required', 'p'],
  ['destination', 'required', 'q'],
  ['rerunable', 'required', 'r'],
  ['script_path', 'required', 'S'],
  ['array', 'required', 't'],
  ['running_user', 'required', 'u'],
  ['variable_list', 'required', 'v'],
  ['all_env', 'none', 'V'],
  ['attributes', 'required', 'W'],
  ['no_std', 'none', 'z'],
]);

type Emit = (long: string, value?: string) => void;

function refusal(code: string, message: string, hint: string, range: TextRange, file: string): Diagnostic {
  return { code, severity: 'error', message, hint, origin: { kind: 'file', file }, range, refusedBySbatch: true };
}

/** strtol's leading integer (0 when there is none). */
function leadingInteger(text: string): number {
  const match = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}

function pbsMailType(arg: string): string | undefined {
  if (/n/i.test(arg)) return 'NONE';
  const types = [/b/i.test(arg) && 'BEGIN', /e/i.test(arg) && 'END', /a/i.test(arg) && 'FAIL'].filter(Boolean);
  return types.length ? types.join(',') : undefined;
}

/** _parse_pbs_nodes_opts: `N[:ppn=P][:gpus=G]` or host names joined by `+`. */
function pbsNodes(spec: string, emit: Emit): void {
  let i = 0;
  let ppn = 0;
  let nodeCount = 0;
  const hosts: string[] = [];
  const part = (): string => {
    const start = i;
    while (i < spec.length && spec[i] !== '+' && spec[i] !== ':') i++;
    const value = spec.slice(start, i);
    if (i < spec.length) i++;
    return value;
  };
  while (i < spec.length) {
    const c = spec[i] as string;
    if (spec.startsWith('gpus=', i)) {
      i += 5;
      emit('gpus-per-node', part());
    } else if (spec.startsWith('ppn=', i)) {
      i += 4;
      ppn += leadingInteger(spec.slice(i));
      part();
    } else if (/\d/.test(c)) {
      nodeCount += leadingInteger(spec.slice(i));
      part();
    } else if (/[A-Za-z]/.test(c)) {
      hosts.push(part());
    } else {
      i++;
    }
  }
  if (nodeCount) emit('nodes', String(nodeCount));
  else nodeCount = 1;
  if (ppn) emit('ntasks', String(ppn * nodeCount));
  if (hosts.length) emit('nodelist', hosts.join(','));
}

/** _parse_pbs_resource_list: `-l key=value,…`, scanned character by character as sbatch does. */
function pbsResources(list: string, emit: Emit, target: TranslationTarget, fail: (message: string) => void): void {
  let i = 0;
  let gpus = 0;
  let proFlags = 0;
  const valueUntil = (sep: string): string => {
    const start = i;
    while (i < list.length && list[i] !== sep) i++;
    const value = list.slice(start, i);
    if (i < list.length) i++;
    return value;
  };
  const skipOption = () => valueUntil(',');
  const at = (key: string, ignoreCase = false): boolean => {
    const found = ignoreCase ? list.slice(i, i + key.length).toLowerCase() === key : list.startsWith(key, i);
    if (found) i += key.length;
    return found;
  };
  const withoutB = (value: string) => (/b$/i.test(value) ? value.slice(0, -1) : value);
  while (i < list.length) {
    if (at('accelerator=', true)) {
      if (list.slice(i, i + 4).toLowerCase() === 'true' && gpus < 1) gpus = 1;
    } else if (at('arch=')) skipOption();
    else if (at('cput=')) emit('time', valueUntil(','));
    else if (at('file=')) emit('tmp', withoutB(valueUntil(',')));
    else if (at('host=')) skipOption();
    else if (at('mem=')) emit('mem', withoutB(valueUntil(',')));
    else if (at('mpiprocs=', true)) {
      proFlags |= 4;
      emit('ntasks-per-node', valueUntil(':'));
    } else if (at('naccelerators=', true)) {
      const value = valueUntil(',');
      if (/^\s*\+?\d+$/.test(value) && Number(value) > 0) gpus = Number(value);
      else fail(`Invalid numeric value "${value}" for naccelerators.`);
    } else if (at('ncpus=', true)) {
      proFlags |= 2;
      emit('mincpus', valueUntil(':'));
    } else if (at('nice=')) emit('nice', valueUntil(','));
    else if (at('nodes=')) pbsNodes(valueUntil(','), emit);
    else if (at('opsys=') || at('other=')) skipOption();
    else if (at('pcput=')) emit('time', valueUntil(','));
    else if (at('pmem=')) skipOption();
    else if (at('proc=')) {
      const constraint = target.current('constraint');
      emit('constraint', constraint ? `${valueUntil(',')},${constraint}` : valueUntil(','));
      skipOption();
    } else if (at('pvmem=')) skipOption();
    else if (at('select=', true)) {
      proFlags |= 1;
      emit('nodes', valueUntil(':'));
    } else if (at('software=') || at('vmem=')) skipOption();
    else if (at('walltime=')) emit('time', valueUntil(','));
    else i++;
  }
  const mincpus = Number(target.current('mincpus'));
  const perNode = Number(target.current('ntasks-per-node'));
  if (proFlags === 7 && perNode > 0 && mincpus > perNode) emit('cpus-per-task', String(Math.floor(mincpus / perNode)));
  if (gpus > 0) {
    const gres = target.current('gres');
    emit('gres', gres ? `${gres},gpu:${gpus}` : `gpu:${gpus}`);
  }
}

function translatePbs(letter: string, arg: string | undefined, emit: Emit, target: TranslationTarget, fail: (message: string) => void): void {
  const value = arg ?? '';
  switch (letter) {
    case 'a':
      emit('begin', value);
      break;
    case 'A':
      emit('account', value);
      break;
    case 'e':
      emit('error', value);
      break;
    case 'o':
      emit('output', value);
      break;
    case 'h':
      emit('hold');
      break;
    case 'J':
    case 't':
      emit('array', value);
      break;
    case 'l':
      pbsResources(value, emit, target, fail);
      break;
    case 'm':
      emit('mail-type', pbsMailType(value) ?? '');
      break;
    case 'M':
      emit('mail-user', value);
      break;
    case 'N':
      emit('job-name', value);
      break;
    case 'p':
      emit('nice', value);
      break;
    case 'q':
      emit('partition', value);
      break;
    case 'v': {
      const exported = target.current('export');
      emit('export', exported ? `${exported},${value}` : value);
      break;
    }
    case 'W':
      // depend= sets the dependency; umask= sets the job's umask, which the model does not keep.
      if (/^depend=/i.test(value)) emit('dependency', value.slice(7));
      return;
    default:
      // -c -C -I -j -k -r -S -u -V -z are read and ignored.
      return;
  }
}

function translateBsub(letter: string, arg: string | undefined, emit: Emit): string | null {
  const value = arg ?? '';
  switch (letter) {
    case 'c':
      emit('chdir', value);
      return null;
    case 'e':
      emit('error', value);
      return null;
    case 'J':
      emit('job-name', value);
      return null;
    case 'o':
      emit('output', value);
      return null;
    case 'm':
      emit('nodelist', value.replaceAll(' ', ','));
      return null;
    case 'M':
      // LSF's default unit is KB.
      emit('mem-per-cpu', /\d$/.test(value) ? `${value}K` : value);
      return null;
    case 'n': {
      const comma = value.indexOf(',');
      if (comma !== -1 && comma === value.length - 1) return `#BSUB -n format not correct given: '${value}'`;
      emit('ntasks', comma === -1 ? value : value.slice(comma + 1));
      return null;
    }
    case 'q':
      emit('partition', value);
      return null;
    case 'W':
      emit('time', value);
      return null;
    case 'x':
      emit('exclusive');
      return null;
    default:
      return null;
  }
}

/**
 * Translates the scanned directives into sbatch options, in order, through `target`; returns the
 * diagnostics of what makes sbatch stop.
 */
export function translateForeignDirectives(scan: ForeignScan, target: TranslationTarget, file: string): Diagnostic[] {
  const magic = `#${scan.dialect}`;
  if (scan.fatal) {
    return [
      refusal(
        'unmatched-quote',
        `sbatch stops with "${scan.fatal.message}" (in a ${magic} line, which sbatch translates)`,
        `fix the ${magic} line, or submit with --ignore-pbs`,
        scan.fatal.range,
        file,
      ),
    ];
  }
  // sbatch reads "-cwd" in an option position of #BSUB lines as -c.
  const argv = scan.entries.map((e, index) => (scan.dialect === 'BSUB' && index % 2 === 0 && e.token.value === '-cwd' ? '-c' : e.token.value));
  const result = getoptLong(argv, scan.dialect === 'BSUB' ? BSUB_TABLE : PBS_TABLE);
  const tokenRange = (index: number): TextRange => {
    const token = (scan.entries[index] as Entry).token;
    return { start: token.start, end: token.end };
  };
  const firstError = result.errors[0];
  if (firstError) {
    return [
      refusal(
        `invalid-${scan.dialect.toLowerCase()}-directive`,
        `sbatch stops at this ${magic} directive ("${firstError.message}", then "Unrecognized command line parameter ?")`,
        `fix or remove the ${magic} line, or submit with --ignore-pbs`,
        tokenRange(firstError.index),
        file,
      ),
    ];
  }
  const diagnostics: Diagnostic[] = [];
  for (const occurrence of result.occurrences) {
    const range = { start: tokenRange(occurrence.index).start, end: tokenRange(occurrence.valueIndex ?? occurrence.index).end };
    const line = (scan.entries[occurrence.index] as Entry).line;
    const emit: Emit = (long, value) => target.apply({ long, value, range, line });
    const letter = occurrence.spec.id;
    const fail = (message: string) =>
      diagnostics.push(
        refusal(
          `invalid-${scan.dialect.toLowerCase()}-directive`,
          `sbatch stops: "${message}" (in a ${magic} line, which sbatch translates)`,
          `fix the ${magic} line, or submit with --ignore-pbs`,
          range,
          file,
        ),
      );
    if (scan.dialect === 'PBS') translatePbs(letter, occurrence.value, emit, target, fail);
    else {
      const problem = translateBsub(letter, occurrence.value, emit);
      if (problem) fail(problem);
    }
  }
  if (result.stopIndex < argv.length) {
    diagnostics.push(
      refusal(
        `invalid-${scan.dialect.toLowerCase()}-directive`,
        `sbatch stops: "Invalid argument: ${argv[result.stopIndex]}" (in a ${magic} line, which sbatch translates)`,
        `every word of a ${magic} line must be an option or its value; quote values with spaces`,
        tokenRange(result.stopIndex),
        file,
      ),
    );
  }
  return diagnostics;
}
