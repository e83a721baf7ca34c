import type { TextRange } from './diagnostic.js';
import type { OptionSpec } from './option-table.js';

/** Where one option setting came from, in sbatch's order of precedence (later wins). */
export type SettingSource =
  /** `valueRange` is set only when the script spells the value verbatim (no quotes or escapes). */
  { kind: 'script'; range: TextRange; valueRange?: TextRange; line: number } | { kind: 'env'; name: string } | { kind: 'cli'; index: number; arg: string };

/** One option as it stands after every source was applied: sbatch's slurm_opt_t, field by field. */
export interface OptionSetting {
  spec: OptionSpec;
  /** The argument as given (after tokenizing); undefined for flags and absent optional arguments. */
  raw: string | undefined;
  /** The value parser's typed result. */
  value: unknown;
  source: SettingSource;
  /** Order of application across all sources, for rules where the later of two options wins. */
  sequence: number;
  /** Every setting of this option, oldest first (the last one is this setting). */
  history: SettingSource[];
}

/** Option settings of one job component, keyed by option id (`ntasks-per-node`, `time`, …). */
export type OptionSettings = Map<string, OptionSetting>;

/** sbatch's "set by cli" means given in the script or on the command line, not by a variable. */
export function setByCli(setting: OptionSetting | undefined): boolean {
  return setting !== undefined && setting.source.kind !== 'env';
}

export function setByEnv(setting: OptionSetting | undefined): boolean {
  return setting !== undefined && setting.source.kind === 'env';
}
