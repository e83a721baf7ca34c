import { releaseAtLeast, type SlurmRelease } from '../slurm-release.js';
import { equalsIgnoringCase } from './c-number.js';
import type { ValueContext } from './context.js';
import { note, ok, type Parsed, type ValueProblem } from './result.js';

export type ExportMode = 'all' | 'none' | 'nil' | 'list';

export interface ExportVar {
  name: string;
  /** `VAR=value` sets a value; null copies VAR from the submission environment, if set there. */
  value: string | null;
}

/** One list item, in order: `ALL` copies the whole environment at its position. */
export type ExportItem = { kind: 'all' } | ({ kind: 'var' } & ExportVar);

export interface ExportPolicy {
  mode: ExportMode;
  /** The variables a list names, in order (empty for the other modes). */
  vars: ExportVar[];
  /** The list contains `ALL`. */
  includesAll: boolean;
  /** The list in order, so that `ALL` and `VAR=value` override each other as sbatch applies them. */
  items: ExportItem[];
  /** The option value as written. */
  raw: string;
  /** Which sbatch builds the environment (the copied SLURM prefix changed in 23.02). */
  release: SlurmRelease;
}

/** find_quote_token(): split on commas outside quotes; a whole item in matching quotes loses them. */
function splitItems(value: string): { items: string[]; unbalanced: boolean } {
  const items: string[] = [];
  let start = 0;
  let single = false;
  let double = false;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === "'") single = !single;
    else if (c === '"') double = !double;
    else if (c === undefined && (single || double)) {
      items.push(value.slice(start));
      return { items, unbalanced: true };
    } else if ((c === ',' || c === undefined) && !single && !double) {
      let item = value.slice(start, i);
      const quote = item[0];
      if (item.length >= 2 && (quote === "'" || quote === '"') && item.endsWith(quote)) item = item.slice(1, -1);
      if (item !== '' || c === ',') items.push(item);
      start = i + 1;
    }
  }
  return { items, unbalanced: false };
}

/**
 * `--export`: `ALL`, `NONE`, `NIL` (23.02 and later) or a list of `VAR` and `VAR=value` items,
 * which may include `ALL`. The keywords are case-insensitive; commas inside quotes do not split.
 */
export function parseExport(value: string, ctx: ValueContext): Parsed<ExportPolicy> {
  const base = { raw: value, release: ctx.release };
  if (equalsIgnoringCase(value, 'ALL')) return ok({ ...base, mode: 'all', vars: [], includesAll: true, items: [{ kind: 'all' }] });
  if (equalsIgnoringCase(value, 'NONE')) return ok({ ...base, mode: 'none', vars: [], includesAll: false, items: [] });
  if (equalsIgnoringCase(value, 'NIL') && releaseAtLeast(ctx.release, '23.02')) {
    return ok({ ...base, mode: 'nil', vars: [], includesAll: false, items: [] });
  }

  const notes: ValueProblem[] = [];
  const { items: texts, unbalanced } = splitItems(value);
  if (unbalanced) {
    notes.push(
      note(
        'export-unbalanced-quote',
        'warning',
        `sbatch prints "Improperly formed environment variable" for the unclosed quote and exports the rest of the value as one item, quote included.`,
        'close the quote',
      ),
    );
  }
  const items: ExportItem[] = [];
  for (const text of texts) {
    if (equalsIgnoringCase(text, 'ALL')) {
      items.push({ kind: 'all' });
      continue;
    }
    if (text === '') continue;
    const eq = text.indexOf('=');
    const item: ExportItem = eq < 0 ? { kind: 'var', name: text, value: null } : { kind: 'var', name: text.slice(0, eq), value: text.slice(eq + 1) };
    items.push(item);
    if (eq < 0 && (equalsIgnoringCase(text, 'NONE') || equalsIgnoringCase(text, 'NIL'))) {
      const nilNote = equalsIgnoringCase(text, 'NIL') && !releaseAtLeast(ctx.release, '23.02') ? ` (Slurm ${ctx.release} has no --export=NIL)` : '';
      notes.push(
        note(
          'export-keyword-in-list',
          'info',
          `Inside a list, "${text}" is taken as the name of a variable to copy${nilNote}; a list without ALL already exports only the listed variables (and SLURM_*).`,
        ),
      );
    } else if (item.value !== null && /^["'].*["']$/.test(item.value)) {
      notes.push(
        note(
          'export-quoted-value',
          'warning',
          `${item.name} gets the value ${item.value}, quotes included: sbatch only removes quotes around a whole item.`,
          `write '${text}' with the quotes around the whole item`,
        ),
      );
    } else if (item.name === '') {
      notes.push(note('export-empty-name', 'warning', `"${text}" sets a variable with an empty name.`));
    }
  }
  const vars = items.flatMap((i) => (i.kind === 'var' ? [{ name: i.name, value: i.value }] : []));
  return ok({ ...base, mode: 'list', vars, includesAll: items.some((i) => i.kind === 'all'), items }, notes);
}

/**
 * Every `--export` other than ALL (and NIL from 23.02) sets SLURM_GET_USER_ENV=1, so the node
 * loads the user's login environment under the exported one; `--get-user-env` sets it too.
 */
export function exportSetsGetUserEnv(policy: ExportPolicy): boolean {
  return policy.mode === 'none' || policy.mode === 'list';
}

/** sbatch puts the `--export` value in SLURM_EXPORT_ENV unless it is exactly ALL. */
export function exportEnvValue(policy: ExportPolicy): string | null {
  return policy.mode === 'all' ? null : policy.raw;
}

/** Which submission variables every mode copies: 22.05 lists copy SLURM_*, the others SLURM*. */
function alwaysCopied(policy: ExportPolicy, name: string): boolean {
  if (policy.mode === 'list' && !releaseAtLeast(policy.release, '23.02')) return name.startsWith('SLURM_');
  return name.startsWith('SLURM') || (releaseAtLeast(policy.release, '23.02') && name.startsWith('_SLURM_SPANK_OPTION_'));
}

/**
 * The environment sbatch sends with the job, built from the submission environment (which should
 * already hold what sbatch adds itself, such as SLURM_SUBMIT_DIR): ALL copies everything; NONE
 * and NIL copy only SLURM* variables; a list applies its items in order and then copies SLURM_*
 * over them.
 */
export function applyExport(policy: ExportPolicy, submitEnv: Readonly<Record<string, string>>): Record<string, string> {
  const source = new Map(Object.entries(submitEnv));
  const exportEnv = exportEnvValue(policy);
  // sbatch sets it with setenv(…, 0): a value already in the environment stays.
  if (exportEnv !== null && !source.has('SLURM_EXPORT_ENV')) source.set('SLURM_EXPORT_ENV', exportEnv);
  const env = new Map<string, string>();
  const copyAll = (): void => {
    for (const [name, value] of source) {
      if (!(releaseAtLeast(policy.release, '26.05') && name === 'SLURM_JWT')) env.set(name, value);
    }
  };

  if (policy.mode === 'all') {
    copyAll();
    return Object.fromEntries(env);
  }
  if (policy.mode === 'list') {
    for (const item of policy.items) {
      const copied = item.kind === 'var' && item.value === null ? source.get(item.name) : undefined;
      if (item.kind === 'all') copyAll();
      else if (item.value !== null) env.set(item.name, item.value);
      else if (copied !== undefined) env.set(item.name, copied);
    }
  }
  for (const [name, value] of source) if (alwaysCopied(policy, name)) env.set(name, value);
  if (exportSetsGetUserEnv(policy)) env.set('SLURM_GET_USER_ENV', '1');
  return Object.fromEntries(env);
}
