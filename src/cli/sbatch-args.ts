import { matchLongOption } from '../parser/getopt.js';
import { optionTable } from '../parser/option-table.js';
import { DEFAULT_SLURM_RELEASE, type SlurmRelease } from '../parser/slurm-release.js';

/** One of the tool's own options that may appear among sbatch options after the script name. */
export interface ToolOption {
  long: string;
  short?: string;
  takesValue: boolean;
}

export interface SplitArgs {
  /** Tool options found, by long name (a repeated value-taking option keeps every value). */
  tool: Map<string, string[]>;
  /** What is left for the sbatch option parser, in order. */
  sbatch: string[];
}

/**
 * Separates the tool's own options from sbatch options in `inspect job.sbatch -t 30 --json`. Tool
 * options match by exact name only, so sbatch's abbreviations keep working, and a value that an
 * sbatch option takes (`-J --json`) stays that option's value, as sbatch would read it.
 */
export function splitToolArgs(args: readonly string[], toolOptions: readonly ToolOption[], release: SlurmRelease = DEFAULT_SLURM_RELEASE): SplitArgs {
  const table = optionTable(release);
  const tool = new Map<string, string[]>();
  const sbatch: string[] = [];
  const add = (long: string, value: string) => tool.set(long, [...(tool.get(long) ?? []), value]);

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      sbatch.push(...args.slice(i));
      break;
    }
    const equals = arg.indexOf('=');
    const longName = arg.startsWith('--') ? arg.slice(2, equals === -1 ? undefined : equals) : null;
    const own = toolOptions.find((o) => (longName !== null ? o.long === longName : arg === `-${o.short}`));
    if (own) {
      if (!own.takesValue) add(own.long, 'true');
      else if (equals !== -1 && longName !== null) add(own.long, arg.slice(equals + 1));
      else if (i + 1 < args.length) add(own.long, args[++i] as string);
      else add(own.long, '');
      continue;
    }
    sbatch.push(arg);
    if (!arg.startsWith('-') || arg === '-') continue;
    if (longName !== null) {
      const spec = matchLongOption(table, longName).spec;
      if (spec?.arg === 'required' && equals === -1 && i + 1 < args.length) sbatch.push(args[++i] as string);
      continue;
    }
    for (let k = 1; k < arg.length; k++) {
      const spec = table.byShort.get(arg[k] as string);
      if (!spec || spec.arg === 'none') continue;
      if (spec.arg === 'required' && k === arg.length - 1 && i + 1 < args.length) sbatch.push(args[++i] as string);
      break;
    }
  }
  return { tool, sbatch };
}
