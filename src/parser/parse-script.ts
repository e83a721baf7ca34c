import { SettingsBuilder } from './apply.js';
import type { Diagnostic } from './diagnostic.js';
import { ignoredDirectiveDiagnostic, lineDiagnostics } from './directive-diagnostics.js';
import { scanForeignDirectives, translateForeignDirectives, type ForeignScan } from './foreign-directives.js';
import { getoptLong } from './getopt.js';
import { describeGetoptError, describeLeftover } from './option-errors.js';
import type { OptionSettings } from './option-state.js';
import { optionTable, type OptionSpec, type OptionTable } from './option-table.js';
import { scanScript, type ScanResult } from './scanner.js';
import { checkWholeScript } from './script-checks.js';
import { DEFAULT_SLURM_RELEASE, type SlurmRelease } from './slurm-release.js';
import { parseSpawnDirectives, type SpawnSettings } from './spawn-directives.js';
import type { Token } from './tokenizer.js';
import { DEFAULT_MAX_ARRAY_SIZE, type ValueContext } from './values/context.js';
import { verifyComponent } from './verify.js';

export interface ParseOptions {
  /** The script's path as the user gave it (messages, and the job name when -J is absent). */
  fileName: string;
  release?: SlurmRelease;
  /** The submission environment; only `SBATCH_*` (and a few `SLURM_*`) input variables are read. */
  env?: Readonly<Record<string, string | undefined>>;
  /** sbatch options given on the command line; they override the script and the environment. */
  cliArgs?: readonly string[];
  maxArraySize?: number;
  /** A real cluster refuses array indices ≥ MaxArraySize; the cloud only warns. */
  arraySizeIsHardLimit?: boolean;
  now?: Date;
}

export interface ParsedComponent {
  settings: OptionSettings;
}

/** Everything the parser learnt from one script: the model stage reads only this. */
export interface ParsedScript {
  file: string;
  text: string;
  ctx: ValueContext;
  /** Unsorted; formatters sort by position. */
  diagnostics: Diagnostic[];
  /** sbatch (of ctx.release) would refuse the script. */
  refused: boolean;
  components: ParsedComponent[];
  spawn: SpawnSettings;
  scan: ScanResult;
  /** Arguments for the script itself (after `--` in cliArgs). */
  scriptArgs: string[];
}

interface ArgvEntry {
  token: Token;
  line: number;
  /** The token begins right after its `#SBATCH` prefix, with no blank between. */
  gluedToPrefix: boolean;
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash === -1 ? trimmed : trimmed.slice(slash + 1);
}

/**
 * Reads a batch script exactly as sbatch does: whole-script checks, the directive block, getopt_long
 * over its arguments, then SBATCH_* variables and command-line options on top. Never throws on any
 * input: every problem becomes a diagnostic.
 */
export function parseScript(text: string, options: ParseOptions): ParsedScript {
  const release = options.release ?? DEFAULT_SLURM_RELEASE;
  const ctx: ValueContext = {
    release,
    maxArraySize: options.maxArraySize ?? DEFAULT_MAX_ARRAY_SIZE,
    arraySizeIsHardLimit: options.arraySizeIsHardLimit ?? true,
    now: options.now ?? new Date(),
  };
  const file = options.fileName;
  const fileLabel = file === '-' ? 'stdin' : baseName(file);
  const table = optionTable(release);
  const diagnostics: Diagnostic[] = [];
  const origin = { kind: 'file', file } as const;

  for (const d of checkWholeScript(text)) diagnostics.push({ ...d, origin });

  const scan = scanScript(text, release);
  for (const line of scan.directives) {
    if (line.prefix !== '#SPAWN') diagnostics.push(...lineDiagnostics(line, text, file, release, fileLabel));
  }
  for (const ignored of scan.ignored) diagnostics.push(ignoredDirectiveDiagnostic(ignored, text, file));
  const { groups: cliGroups, scriptArgs } = splitCliArgs(options.cliArgs ?? []);
  const foreign = ignoresForeignByRequest(options) ? null : scanForeignDirectives(text, release, fileLabel);
  const components: ParsedComponent[] = [];
  let inherited: OptionSettings | undefined;
  for (let component = 0; component < scan.componentCount; component++) {
    const builder = new SettingsBuilder(ctx, file, diagnostics, inherited);
    applyScriptDirectives(scan, component, text, table, builder, diagnostics, file);
    if (foreign && !builder.settings.has('ignore-pbs')) {
      const found = applyForeignDirectives(foreign, table, builder, file);
      if (component === 0) diagnostics.push(foreignDirectiveNotice(foreign, file), ...found);
    }
    applyEnvironment(options.env ?? {}, table, builder);
    const cli = cliGroups[Math.min(component, cliGroups.length - 1)];
    if (cli) applyCommandLine(cli.args, cli.offset, table, builder, diagnostics);
    verifyComponent(builder.settings, ctx, file, diagnostics);
    components.push({ settings: builder.settings });
    inherited = builder.settings;
  }

  const spawn = parseSpawnDirectives(scan, file, diagnostics);
  const refused = diagnostics.some((d) => d.refusedBySbatch === true);
  return { file, text, ctx, diagnostics, refused, components, spawn, scan, scriptArgs };
}

function applyScriptDirectives(scan: ScanResult, component: number, text: string, table: OptionTable, builder: SettingsBuilder, diagnostics: Diagnostic[], file: string): void {
  const entries: ArgvEntry[] = [];
  for (const line of scan.directives) {
    if (line.component !== component || line.prefix === '#SPAWN') continue;
    const prefixEnd = line.lineStart + line.prefix.length;
    for (const token of line.tokenized.tokens) entries.push({ token, line: line.line, gluedToPrefix: token.start === prefixEnd });
  }
  const argv = entries.map((e) => e.token.value);
  const result = getoptLong(argv, table);
  const origin = { kind: 'file', file } as const;

  for (const error of result.errors) {
    const entry = entries[error.index] as ArgvEntry;
    const described = describeGetoptError(error, table, entry.token.value);
    const diagnostic: Diagnostic = {
      code: described.code,
      severity: 'error',
      message: described.message,
      origin,
      range: { start: entry.token.start, end: entry.token.end },
      refusedBySbatch: true,
    };
    if (described.hint) diagnostic.hint = described.hint;
    if (described.replacement !== undefined && text.slice(entry.token.start, entry.token.end) === entry.token.value) {
      diagnostic.fix = [{ range: { start: entry.token.start, end: entry.token.end }, text: described.replacement }];
    }
    diagnostics.push(diagnostic);
  }

  if (result.stopIndex < argv.length) {
    const entry = entries[result.stopIndex] as ArgvEntry;
    const previous = result.stopIndex > 0 ? argv[result.stopIndex - 1] : undefined;
    const described = describeLeftover(entry.token.value, result.doubleDashIndex === undefined ? previous : '--', table);
    if (entry.gluedToPrefix && /^[A-Za-z]/.test(entry.token.value)) {
      described.hint = 'put a space between the directive prefix and the option';
    }
    const diagnostic: Diagnostic = {
      code: described.code,
      severity: 'error',
      message: described.message,
      origin,
      range: { start: entry.token.start, end: entry.token.end },
      refusedBySbatch: true,
    };
    if (described.hint) diagnostic.hint = described.hint;
    if (described.replacement !== undefined && text.slice(entry.token.start, entry.token.end) === entry.token.value) {
      diagnostic.fix = [{ range: { start: entry.token.start, end: entry.token.end }, text: described.replacement }];
    }
    diagnostics.push(diagnostic);
  }

  for (const occurrence of result.occurrences) {
    const optionEntry = entries[occurrence.index] as ArgvEntry;
    const valueEntry = occurrence.valueIndex !== undefined ? entries[occurrence.valueIndex] : undefined;
    const range = { start: optionEntry.token.start, end: (valueEntry ?? optionEntry).token.end };
    builder.apply(occurrence.spec, occurrence.value, {
      kind: 'script',
      range,
      line: optionEntry.line,
      ...verbatimValueRange(text, optionEntry.token, valueEntry?.token, occurrence.value),
    });
  }
}

/** The value's own range, when the script spells it exactly as the option receives it. */
function verbatimValueRange(text: string, option: Token, valueToken: Token | undefined, value: string | undefined) {
  if (value === undefined) return {};
  if (valueToken) {
    return text.slice(valueToken.start, valueToken.end) === value ? { valueRange: { start: valueToken.start, end: valueToken.end } } : {};
  }
  const raw = text.slice(option.start, option.end);
  if (raw !== option.value || !raw.endsWith(value)) return {};
  return { valueRange: { start: option.end - value.length, end: option.end } };
}

/** `--ignore-pbs` on the command line or SBATCH_IGNORE_PBS switch the translation off before sbatch reads the script. */
function ignoresForeignByRequest(options: ParseOptions): boolean {
  if (options.env?.SBATCH_IGNORE_PBS !== undefined) return true;
  return (options.cliArgs ?? []).some((arg) => arg.length > 4 && arg.startsWith('--ig') && 'ignore-pbs'.startsWith(arg.slice(2)));
}

function applyForeignDirectives(foreign: ForeignScan, table: OptionTable, builder: SettingsBuilder, file: string): Diagnostic[] {
  return translateForeignDirectives(
    foreign,
    {
      current: (long) => builder.settings.get(table.byLong.get(long)?.id ?? long)?.raw,
      apply: ({ long, value, range, line }) => {
        const spec = table.byLong.get(long);
        if (spec) builder.apply(spec, value, { kind: 'script', range, line });
      },
    },
    file,
  );
}

function foreignDirectiveNotice(foreign: ForeignScan, file: string): Diagnostic {
  return {
    code: 'foreign-directive',
    severity: 'warning',
    message: `sbatch translates the #${foreign.dialect} directives into sbatch options and applies them after the #SBATCH ones, so they win`,
    hint: `rewrite the #${foreign.dialect} lines as #SBATCH directives, or submit with --ignore-pbs`,
    origin: { kind: 'file', file },
    range: foreign.first,
  };
}

function applyEnvironment(env: Readonly<Record<string, string | undefined>>, table: OptionTable, builder: SettingsBuilder): void {
  const names = Object.keys(env).filter((name) => table.byEnv.has(name) && env[name] !== undefined);
  if (names.length === 0) return;
  // sbatch applies its input variables in the order of its own table, not the environment's.
  const order = [...table.byEnv.keys()];
  names.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const name of names) builder.applyEnv(table.byEnv.get(name) as OptionSpec, name, env[name] as string);
}

function applyCommandLine(args: readonly string[], offset: number, table: OptionTable, builder: SettingsBuilder, diagnostics: Diagnostic[]): void {
  if (args.length === 0) return;
  const result = getoptLong(args, table);
  for (const error of result.errors) {
    const arg = args[error.index] as string;
    const described = describeGetoptError(error, table, arg);
    const diagnostic: Diagnostic = {
      code: described.code,
      severity: 'error',
      message: described.message,
      origin: { kind: 'cli', index: offset + error.index, arg },
      refusedBySbatch: true,
    };
    if (described.hint) diagnostic.hint = described.hint;
    diagnostics.push(diagnostic);
  }
  if (result.stopIndex < args.length) {
    const arg = args[result.stopIndex] as string;
    diagnostics.push({
      code: 'unexpected-cli-argument',
      severity: 'error',
      message: `"${arg}" is not an sbatch option`,
      hint: 'sbatch options follow the script name; arguments for the script itself go after "--"',
      origin: { kind: 'cli', index: offset + result.stopIndex, arg },
    });
  }
  for (const occurrence of result.occurrences) {
    builder.apply(occurrence.spec, occurrence.value, { kind: 'cli', index: offset + occurrence.index, arg: args[occurrence.index] as string });
  }
}

/** Command-line options, split into heterogeneous components at lone `:` and from script arguments at `--`. */
function splitCliArgs(args: readonly string[]): { groups: { args: string[]; offset: number }[]; scriptArgs: string[] } {
  const groups: { args: string[]; offset: number }[] = [{ args: [], offset: 0 }];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return { groups, scriptArgs: args.slice(i + 1) };
    if (arg === ':') {
      groups.push({ args: [], offset: i + 1 });
      continue;
    }
    (groups[groups.length - 1] as { args: string[] }).args.push(arg);
  }
  return { groups, scriptArgs: [] };
}
