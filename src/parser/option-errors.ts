import { suggest } from '../util/suggest.js';
import type { GetoptError } from './getopt.js';
import { allOptionNames, optionHistory, type OptionTable } from './option-table.js';
import type { SlurmRelease } from './slurm-release.js';

/** Dashes that look like `-` but are not: word processors and web pages turn `--` into these. */
const UNICODE_DASHES = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]+/;

export interface OptionErrorText {
  code: string;
  message: string;
  hint?: string;
  /** A replacement for the whole argument, when a safe one is known. */
  replacement?: string;
}

/**
 * Replaces a leading run of Unicode dashes by ASCII ones. A single typographic dash usually stood
 * for `--` when a long option name follows it (`—time=5`), and for `-` before a letter (`–N`).
 */
function asciiDashes(arg: string, table: OptionTable): string | null {
  const match = UNICODE_DASHES.exec(arg);
  if (!match) return null;
  const rest = arg.slice(match[0].length);
  const name = rest.split('=')[0] ?? '';
  const isLong = name.length > 1 && table.options.some((o) => o.long.startsWith(name));
  const dashes = match[0].length === 1 && isLong ? '--' : '-'.repeat(match[0].length);
  return dashes + rest;
}

function releaseHint(name: string, release: SlurmRelease): string | undefined {
  const history = optionHistory(name);
  if (!history) return undefined;
  if (history.since) {
    return `--${name} exists from Slurm ${history.since} on; this check targets Slurm ${release} (see --slurm-release)`;
  }
  if (history.until) return `--${name} was removed after Slurm ${history.until}; this check targets Slurm ${release}`;
  return undefined;
}

function didYouMean(name: string, table: OptionTable): string | undefined {
  const bare = name.replace(/^-+/, '');
  const candidates = suggest(
    bare,
    table.options.map((o) => o.long),
  );
  if (candidates.length === 0) return undefined;
  return `did you mean ${candidates.map((c) => `--${c}`).join(' or ')}?`;
}

/** The diagnostic text for an option sbatch's getopt_long rejects. */
export function describeGetoptError(error: GetoptError, table: OptionTable, arg: string): OptionErrorText {
  const sbatchSays = `sbatch refuses it ("${error.message}")`;
  switch (error.code) {
    case 'ambiguous-option': {
      const list = (error.candidates ?? []).map((c) => `--${c}`).join(', ');
      return {
        code: 'ambiguous-option',
        message: `${error.name} is an ambiguous abbreviation (${list}); ${sbatchSays}`,
        hint: `spell the option out in full, e.g. --${error.candidates?.[0] ?? ''}`,
      };
    }
    case 'unknown-option': {
      const bare = error.name.replace(/^-+/, '');
      const known = allOptionNames().includes(bare) ? releaseHint(bare, table.release) : undefined;
      return {
        code: known ? 'option-not-in-release' : 'unknown-option',
        message: `${error.name} is not an sbatch option${known ? ` in Slurm ${table.release}` : ''}; ${sbatchSays}`,
        hint: known ?? didYouMean(error.name, table) ?? 'see `sbatch --help` for the options sbatch accepts',
      };
    }
    case 'missing-argument':
      return {
        code: 'missing-argument',
        message: `${error.name} needs a value; ${sbatchSays}`,
        hint: `give a value: ${error.name.startsWith('--') ? `${error.name}=VALUE` : `${error.name} VALUE`}`,
      };
    case 'unexpected-argument': {
      const replacement = arg.slice(0, arg.indexOf('='));
      return {
        code: 'unexpected-argument',
        message: `${error.name} takes no value; ${sbatchSays}`,
        hint: `write ${replacement} alone`,
        replacement,
      };
    }
  }
}

/** The diagnostic text for the first argument getopt could not read as an option. */
export function describeLeftover(arg: string, previous: string | undefined, table: OptionTable): OptionErrorText {
  const sbatchSays = `sbatch refuses the script ("Invalid directive found in batch script: ${arg}")`;
  const ascii = asciiDashes(arg, table);
  if (ascii) {
    return {
      code: 'unicode-dash',
      message: `"${arg}" starts with a typographic dash, not "-", so it is not an option; ${sbatchSays}`,
      hint: `use ASCII hyphens: ${ascii}`,
      replacement: ascii,
    };
  }
  if (previous?.startsWith('--') && !previous.includes('=')) {
    const spec = table.byLong.get(previous.slice(2));
    if (spec?.arg === 'optional') {
      return {
        code: 'invalid-directive',
        message: `--${spec.long} takes its value only as --${spec.long}=VALUE, so "${arg}" is left over; ${sbatchSays}`,
        hint: `write --${spec.long}=${arg}`,
      };
    }
  }
  if (arg === '--') {
    return { code: 'invalid-directive', message: `"--" ends the options; ${sbatchSays}`, hint: 'remove "--" and what follows it' };
  }
  return {
    code: 'invalid-directive',
    message: `"${arg}" is not an option, so sbatch stops reading options here; ${sbatchSays}`,
    hint: 'every word of a directive must be an option or its value; quote values that contain spaces',
  };
}
