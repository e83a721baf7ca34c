/**
 * sbatch options before the script name, as people call sbatch: `inspect -p debug -t 30 job.sbatch`.
 *
 * `splitLeadingSbatchOptions(words, toolOptions)` takes the words after the command name and
 * returns the tool's own options and the sbatch options found before the script name, the script
 * name, and the words after it, untouched. The sbatch option table tells which options take a value,
 * so in `-J myname job.sbatch` the script is `job.sbatch`. A tool option matches by exact name, as
 * commander matches it (`-c` is estimate's --config here; after the script it is sbatch's).
 *
 * `scriptNameFirst(words, toolOptions)` puts the same words in the order the script commands read
 * them: tool options, script, the leading sbatch options, the rest. The sbatch options before the
 * script then reach the parser as command-line options ahead of those after it: the same
 * precedence (command line > SBATCH_* > #SBATCH) and, between the two, the later wins, as in sbatch.
 */
import { matchLongOption } from '../parser/getopt.js';
import { optionTable, type OptionSpec, type OptionTable } from '../parser/option-table.js';
import { DEFAULT_SLURM_RELEASE, SLURM_RELEASES, type SlurmRelease } from '../parser/slurm-release.js';
import type { ToolOption } from './sbatch-args.js';

export interface LeadingSbatchOptions {
  /** The tool's own options before the script name, with their values, as given. */
  tool: string[];
  /** sbatch options before the script name, with their values, in order. */
  sbatch: string[];
  /** The script name (`-` is standard input); undefined when the words end before one. */
  script: string | undefined;
  /** Everything after the script name, untouched. */
  rest: string[];
}

/** An option as commander declares it (`long: '--config'`, `short: '-c'`, `required` for `<value>`). */
export interface DeclaredOption {
  long?: string | undefined;
  short?: string | undefined;
  required?: boolean;
  optional?: boolean;
}

/** A command's commander options as ToolOptions, with commander's own -h/--help. */
export function declaredToolOptions(options: readonly DeclaredOption[]): ToolOption[] {
  const tool: ToolOption[] = [{ long: 'help', short: 'h', takesValue: false }];
  for (const option of options) {
    if (!option.long) continue;
    const short = option.short?.replace(/^-/, '');
    tool.push({ long: option.long.replace(/^--/, ''), ...(short ? { short } : {}), takesValue: option.required === true || option.optional === true });
  }
  return tool;
}

/**
 * The sbatch option a name stands for in `release`; else in any release, so that an option of
 * another release (reported by the parser later) still takes its value rather than becoming the script.
 */
function sbatchOption(release: SlurmRelease, find: (table: OptionTable) => OptionSpec | undefined): OptionSpec | undefined {
  for (const candidate of [release, ...[...SLURM_RELEASES].reverse()]) {
    const spec = find(optionTable(candidate));
    if (spec) return spec;
  }
  return undefined;
}

/** How many words the sbatch option at `words[i]` takes, itself included (getopt_long's reading). */
function sbatchOptionLength(words: readonly string[], i: number, release: SlurmRelease): number {
  const word = words[i] as string;
  const hasNext = i + 1 < words.length;
  if (word.startsWith('--')) {
    if (word.includes('=')) return 1;
    const spec = sbatchOption(release, (table) => matchLongOption(table, word.slice(2)).spec);
    return spec?.arg === 'required' && hasNext ? 2 : 1;
  }
  // A cluster of letters (`-Hv`, `-N2`, `-t`): the first letter that takes a value ends it.
  for (let k = 1; k < word.length; k++) {
    const spec = sbatchOption(release, (table) => table.byShort.get(word[k] as string));
    if (!spec || spec.arg === 'none') continue;
    return spec.arg === 'required' && k === word.length - 1 && hasNext ? 2 : 1;
  }
  return 1;
}

/** How many words the tool option at `words[i]` takes, or 0 when it is not one of the tool's options. */
function toolOptionLength(words: readonly string[], i: number, toolOptions: readonly ToolOption[]): number {
  const word = words[i] as string;
  const hasNext = i + 1 < words.length;
  if (word.startsWith('--')) {
    const equals = word.indexOf('=');
    const own = toolOptions.find((o) => o.long === word.slice(2, equals === -1 ? undefined : equals));
    if (!own) return 0;
    return own.takesValue && equals === -1 && hasNext ? 2 : 1;
  }
  const own = toolOptions.find((o) => o.short !== undefined && word[1] === o.short);
  if (!own) return 0;
  // `-c mapping.yaml`, or `-cmapping.yaml` as commander reads it.
  return own.takesValue && word.length === 2 && hasNext ? 2 : 1;
}

/** Separates the words after a script command's name into tool options, sbatch options, script and rest. */
export function splitLeadingSbatchOptions(words: readonly string[], toolOptions: readonly ToolOption[], release: SlurmRelease = DEFAULT_SLURM_RELEASE): LeadingSbatchOptions {
  const tool: string[] = [];
  const sbatch: string[] = [];
  for (let i = 0; i < words.length; ) {
    const word = words[i] as string;
    if (word === '--') {
      // As in getopt: options end here, and the next word is the script even if it starts with `-`.
      return { tool, sbatch, script: words[i + 1], rest: words.slice(i + 2) };
    }
    if (word === '-' || !word.startsWith('-')) return { tool, sbatch, script: word, rest: words.slice(i + 1) };
    const own = toolOptionLength(words, i, toolOptions);
    const length = own || sbatchOptionLength(words, i, release);
    (own ? tool : sbatch).push(...words.slice(i, i + length));
    i += length;
  }
  return { tool, sbatch, script: undefined, rest: [] };
}

/**
 * The words with the script name right after the tool options: `-t 5 --json job.sbatch -N 2` →
 * `--json job.sbatch -t 5 -N 2`. Without a script name, only the tool options are left (commander
 * then reports the missing script, or shows the help).
 */
export function scriptNameFirst(words: readonly string[], toolOptions: readonly ToolOption[], release?: SlurmRelease): string[] {
  const { tool, sbatch, script, rest } = splitLeadingSbatchOptions(words, toolOptions, release);
  if (script === undefined) return tool;
  // A script name that looks like an option stays behind `--`, as it was given.
  const name = script.startsWith('-') && script !== '-' ? ['--', script] : [script];
  return [...tool, ...name, ...sbatch, ...rest];
}
