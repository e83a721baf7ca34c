import type { Diagnostic, Origin } from './diagnostic.js';
import type { OptionSpec } from './option-table.js';
import type { OptionSetting, OptionSettings, SettingSource } from './option-state.js';
import { releaseAtLeast, type SlurmRelease } from './slurm-release.js';
import type { ValueContext } from './values/context.js';
import type { ValueProblem } from './values/result.js';
import { valueParsers } from './values/registry.js';

/** Options whose setters write the same field of slurm_opt_t as another option. */
const SHARED_FIELD: Record<string, string> = {
  nodelist: 'nodefile',
  nodefile: 'nodelist',
};

export function originOf(source: SettingSource, file: string): Origin {
  switch (source.kind) {
    case 'script':
      return { kind: 'file', file };
    case 'env':
      return { kind: 'env', name: source.name };
    case 'cli':
      return { kind: 'cli', index: source.index, arg: source.arg };
  }
}

/**
 * Applies option settings in sbatch's order (script, then SBATCH_* variables, then the command
 * line), running each value through its validator and keeping what sbatch keeps: the last setting
 * wins, except `--mail-type` in 22.05, which accumulates.
 */
export class SettingsBuilder {
  readonly settings: OptionSettings;
  private sequence = 0;

  constructor(
    private readonly ctx: ValueContext,
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
    inherited?: OptionSettings,
  ) {
    // sbatch 22.05 resets no option between heterogeneous components: each one starts from the last.
    this.settings = new Map(inherited ?? []);
    for (const setting of this.settings.values()) this.sequence = Math.max(this.sequence, setting.sequence);
  }

  /** Applies one occurrence; returns false when sbatch would refuse the value. */
  apply(spec: OptionSpec, raw: string | undefined, source: SettingSource): boolean {
    if (spec.cliOnly && source.kind !== 'env') {
      if (source.kind === 'script') this.reportIgnoredEarlyOption(spec, source);
      return true;
    }
    const parser = valueParsers[spec.long];
    let value: unknown = raw;
    if (parser && (spec.arg !== 'none' || raw !== undefined)) {
      const parsed = parser(raw, this.ctx);
      if (!parsed.ok) {
        for (const problem of parsed.problems) this.report(problem, spec, source);
        return !parsed.problems.some((p) => p.refusedBySbatch);
      }
      for (const problem of parsed.notes) this.report(problem, spec, source);
      value = parsed.value;
    } else if (spec.arg === 'none') {
      value = true;
    }
    this.store(spec, raw, value, source);
    return true;
  }

  /** Applies an `SBATCH_*` variable the way slurm_process_option() treats environment values. */
  applyEnv(spec: OptionSpec, name: string, raw: string): void {
    const source: SettingSource = { kind: 'env', name };
    if (spec.arg === 'none') {
      if (raw === '' || raw.toLowerCase() === 'yes' || /^[\t\n\v\f\r ]*[+-]?0*[1-9]\d*$/.test(raw)) {
        this.store(spec, undefined, true, source);
      } else {
        // Any other value resets the option, even one the script set.
        this.settings.delete(spec.id);
      }
      return;
    }
    this.apply(spec, spec.arg === 'optional' && raw === '' ? undefined : raw, source);
  }

  private store(spec: OptionSpec, raw: string | undefined, value: unknown, source: SettingSource): void {
    const previous = this.settings.get(spec.id);
    let stored = value;
    if (spec.id === 'mail-type' && mailTypeAccumulates(this.ctx.release) && previous) {
      stored = unionOf(previous.value, value);
    }
    const other = SHARED_FIELD[spec.id];
    if (other) this.settings.delete(other);
    const setting: OptionSetting = {
      spec,
      raw,
      value: stored,
      source,
      sequence: ++this.sequence,
      history: [...(previous?.history ?? []), source],
    };
    this.settings.set(spec.id, setting);
  }

  private reportIgnoredEarlyOption(spec: OptionSpec, source: Extract<SettingSource, { kind: 'script' }>): void {
    this.diagnostics.push({
      code: 'ignored-in-script',
      severity: 'warning',
      message: `sbatch ignores --${spec.long} inside a script; it only has an effect on the command line`,
      hint: `remove the directive, or pass --${spec.long} to the command that submits the script`,
      origin: { kind: 'file', file: this.file },
      range: source.range,
      fix: [{ range: { start: source.range.start, end: source.range.end }, text: '' }],
    });
  }

  private report(problem: ValueProblem, spec: OptionSpec, source: SettingSource): void {
    const where = source.kind === 'env' ? ` (from ${source.name})` : '';
    const diagnostic: Diagnostic = {
      code: problem.code,
      severity: problem.severity,
      message: `--${spec.long}${where}: ${problem.message}`,
      origin: originOf(source, this.file),
    };
    if (problem.hint) diagnostic.hint = problem.hint;
    if (problem.refusedBySbatch) diagnostic.refusedBySbatch = true;
    if (source.kind === 'script') {
      const valueRange = source.valueRange ?? source.range;
      // valueRange is only given when the script spells the value verbatim, so offsets inside it map 1:1.
      diagnostic.range = problem.at && source.valueRange ? { start: valueRange.start + problem.at.start, end: valueRange.start + problem.at.end } : valueRange;
    }
    this.diagnostics.push(diagnostic);
  }
}

/**
 * Repeated --mail-type options add up (22.05.8 and 24.11.5 both observed: BEGIN then END gives
 * BEGIN,END). Releases after 24.11 are documented to keep only the last one; that is unverified.
 */
export function mailTypeAccumulates(release: SlurmRelease): boolean {
  return !releaseAtLeast(release, '25.05');
}

function unionOf(previous: unknown, next: unknown): unknown {
  if (Array.isArray(previous) && Array.isArray(next)) return [...new Set([...previous, ...next])];
  return next;
}
