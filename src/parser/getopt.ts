import type { OptionSpec, OptionTable } from './option-table.js';

/** An option getopt_long recognised, with the argv positions it came from. */
export interface OptionOccurrence {
  spec: OptionSpec;
  /** The name as typed: `--mem-per-c`, `-c`. */
  typed: string;
  value: string | undefined;
  /** argv index of the option itself. */
  index: number;
  /** argv index of a separate value token (`--time 30`, `-J name`), when there is one. */
  valueIndex?: number;
  /** For clustered short options (`-HO`), the offset of this letter inside its argument. */
  letterOffset?: number;
}

export type GetoptErrorCode = 'unknown-option' | 'ambiguous-option' | 'missing-argument' | 'unexpected-argument';

export interface GetoptError {
  code: GetoptErrorCode;
  /** glibc's message, as sbatch prints it after `sbatch: `. */
  message: string;
  index: number;
  letterOffset?: number;
  /** For unknown and ambiguous options: the name as typed. */
  name: string;
  candidates?: string[];
}

export interface GetoptResult {
  occurrences: OptionOccurrence[];
  errors: GetoptError[];
  /** Index of the first argument left over (a non-option, or what follows `--`); argv.length if none. */
  stopIndex: number;
  /** Index of a `--` that ended option parsing, if one did. */
  doubleDashIndex?: number;
}

interface LongMatch {
  spec?: OptionSpec;
  ambiguous?: OptionSpec[];
}

/** glibc getopt_long's long-name lookup: exact name first, else one unambiguous prefix. */
export function matchLongOption(table: OptionTable, name: string): LongMatch {
  const exact = table.byLong.get(name);
  if (exact) return { spec: exact };
  let found: OptionSpec | undefined;
  const clashing: OptionSpec[] = [];
  for (const spec of table.options) {
    if (!spec.long.startsWith(name)) continue;
    if (!found) {
      found = spec;
      clashing.push(spec);
    } else if (found.arg !== spec.arg || found.id !== spec.id) {
      clashing.push(spec);
    }
  }
  if (clashing.length > 1) return { ambiguous: clashing };
  return found ? { spec: found } : {};
}

/**
 * getopt_long with an optstring starting with `+` (sbatch's): options are parsed in order until the
 * first non-option argument or `--`; a required argument is taken from the next argument even when
 * it starts with `-`. Unlike glibc, it does not stop at the first error: every error is collected.
 */
export function getoptLong(argv: readonly string[], table: OptionTable, first = 0): GetoptResult {
  const occurrences: OptionOccurrence[] = [];
  const errors: GetoptError[] = [];
  let i = first;

  while (i < argv.length) {
    const arg = argv[i] as string;
    if (arg === '--') return { occurrences, errors, stopIndex: i + 1, doubleDashIndex: i };
    if (arg.length < 2 || arg[0] !== '-') break;

    if (arg[1] === '-') {
      i = parseLong(argv, i, table, occurrences, errors);
    } else {
      i = parseShortCluster(argv, i, table, occurrences, errors);
    }
  }
  return { occurrences, errors, stopIndex: i };
}

function parseLong(argv: readonly string[], index: number, table: OptionTable, occurrences: OptionOccurrence[], errors: GetoptError[]): number {
  const arg = argv[index] as string;
  const equals = arg.indexOf('=');
  const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
  const match = matchLongOption(table, name);

  if (match.ambiguous) {
    const list = match.ambiguous.map((s) => `'--${s.long}'`).join(' ');
    errors.push({
      code: 'ambiguous-option',
      message: `option '${arg}' is ambiguous; possibilities: ${list}`,
      index,
      name: `--${name}`,
      candidates: match.ambiguous.map((s) => s.long),
    });
    return index + 1;
  }
  const spec = match.spec;
  if (!spec) {
    errors.push({ code: 'unknown-option', message: `unrecognized option '${arg}'`, index, name: `--${name}` });
    return index + 1;
  }
  if (equals !== -1) {
    if (spec.arg === 'none') {
      errors.push({ code: 'unexpected-argument', message: `option '--${spec.long}' doesn't allow an argument`, index, name: `--${name}` });
      return index + 1;
    }
    occurrences.push({ spec, typed: `--${name}`, value: arg.slice(equals + 1), index });
    return index + 1;
  }
  if (spec.arg === 'required') {
    if (index + 1 >= argv.length) {
      errors.push({ code: 'missing-argument', message: `option '--${spec.long}' requires an argument`, index, name: `--${name}` });
      return index + 1;
    }
    occurrences.push({ spec, typed: `--${name}`, value: argv[index + 1], index, valueIndex: index + 1 });
    return index + 2;
  }
  occurrences.push({ spec, typed: `--${name}`, value: undefined, index });
  return index + 1;
}

function parseShortCluster(argv: readonly string[], index: number, table: OptionTable, occurrences: OptionOccurrence[], errors: GetoptError[]): number {
  const arg = argv[index] as string;
  for (let k = 1; k < arg.length; k++) {
    const letter = arg[k] as string;
    const spec = table.byShort.get(letter);
    if (!spec) {
      errors.push({ code: 'unknown-option', message: `invalid option -- '${letter}'`, index, letterOffset: k, name: `-${letter}` });
      continue;
    }
    const rest = arg.slice(k + 1);
    if (spec.arg === 'none') {
      occurrences.push({ spec, typed: `-${letter}`, value: undefined, index, letterOffset: k });
      continue;
    }
    if (rest.length > 0) {
      occurrences.push({ spec, typed: `-${letter}`, value: rest, index, letterOffset: k });
      return index + 1;
    }
    if (spec.arg === 'optional') {
      occurrences.push({ spec, typed: `-${letter}`, value: undefined, index, letterOffset: k });
      return index + 1;
    }
    if (index + 1 >= argv.length) {
      errors.push({ code: 'missing-argument', message: `option requires an argument -- '${letter}'`, index, letterOffset: k, name: `-${letter}` });
      return index + 1;
    }
    occurrences.push({ spec, typed: `-${letter}`, value: argv[index + 1], index, valueIndex: index + 1, letterOffset: k });
    return index + 2;
  }
  return index + 1;
}
