/** Options whose argument is one of a few words or flags. */
import type { ValueContext } from './context.js';
import { equalsIgnoringCase, scanCInteger, toUint16 } from './c-number.js';
import { parseSlurmInteger } from './integer.js';
import type { Parsed } from './result.js';
import { fail, note, ok, refusal } from './result.js';
import { releaseAtLeast } from '../slurm-release.js';
import type { SlurmRelease } from '../slurm-release.js';

function invalidSpecification<T>(option: string, text: string | undefined, hint: string): Parsed<T> {
  const shown = text === undefined ? `--${option}` : `--${option}=${text}`;
  return fail(refusal(`invalid-${option}`, `sbatch refuses ${shown}: "Invalid --${option} specification".`, hint));
}

/** An empty optional argument is no argument: slurm_process_option turns "" into NULL. */
function optionalArgument(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/** `exclusive` is the plain `--exclusive`; `oversubscribe` is an undocumented synonym of `-s`. */
export type ExclusiveMode = 'exclusive' | 'oversubscribe' | 'user' | 'mcs' | 'topo' | 'allocation';

const EXCLUSIVE_MODES: readonly { mode: ExclusiveMode; since?: SlurmRelease }[] = [
  { mode: 'exclusive' },
  { mode: 'oversubscribe' },
  { mode: 'user' },
  { mode: 'mcs' },
  { mode: 'topo', since: '24.05' },
  { mode: 'allocation', since: '26.11' },
];

/** `--exclusive[=user|mcs|topo]` (arg_set_exclusive). */
export function parseExclusive(value: string | undefined, ctx: ValueContext): Parsed<ExclusiveMode> {
  const text = optionalArgument(value);
  if (text === undefined) return ok('exclusive');
  const known = EXCLUSIVE_MODES.find((m) => equalsIgnoringCase(text, m.mode));
  if (known && (!known.since || releaseAtLeast(ctx.release, known.since))) {
    return ok(known.mode, known.mode === 'oversubscribe' ? [note('exclusive-oversubscribe', 'info', '--exclusive=oversubscribe is the same as -s/--oversubscribe.')] : []);
  }
  const offered = EXCLUSIVE_MODES.filter((m) => m.mode !== 'exclusive' && m.mode !== 'oversubscribe' && (!m.since || releaseAtLeast(ctx.release, m.since)));
  const later = known?.since ? ` --exclusive=${known.mode} exists only from Slurm ${known.since}.` : '';
  return invalidSpecification('exclusive', text, `Use --exclusive alone or --exclusive=${offered.map((m) => m.mode).join('|')}.${later}`);
}

export type OpenMode = 'append' | 'truncate';

/** `--open-mode`: only the first letter counts (a/A or t/T). */
export function parseOpenMode(value: string | undefined): Parsed<OpenMode> {
  const text = value ?? '';
  const first = text[0]?.toLowerCase();
  if (first !== 'a' && first !== 't') return invalidSpecification('open-mode', text, 'Use --open-mode=append or --open-mode=truncate.');
  const mode: OpenMode = first === 'a' ? 'append' : 'truncate';
  const notes = text.length > 1 && text.toLowerCase() !== mode ? [note('open-mode-first-letter', 'info', `sbatch reads only the first letter of "${text}": ${mode}.`)] : [];
  return ok(mode, notes);
}

/** `-k/--no-kill[=set|off|no]`: true when the job survives node failures. */
export function parseNoKill(value: string | undefined): Parsed<boolean> {
  const text = optionalArgument(value);
  if (text === undefined || equalsIgnoringCase(text, 'set')) return ok(true);
  if (equalsIgnoringCase(text, 'off') || equalsIgnoringCase(text, 'no')) return ok(false);
  return invalidSpecification('no-kill', text, 'Use -k alone (or --no-kill=set), or --no-kill=off.');
}

/** `--kill-on-invalid-dep=yes|no`. */
export function parseKillOnInvalidDep(value: string | undefined): Parsed<boolean> {
  const text = value ?? '';
  if (equalsIgnoringCase(text, 'yes')) return ok(true);
  if (equalsIgnoringCase(text, 'no')) return ok(false);
  return invalidSpecification('kill-on-invalid-dep', text, 'Use --kill-on-invalid-dep=yes or --kill-on-invalid-dep=no.');
}

export type RequeueMode = 'requeue' | 'expedite';

/** `--requeue` (no argument before 25.11) and `--requeue[=expedite]` from 25.11. */
export function parseRequeue(value: string | undefined, ctx: ValueContext): Parsed<RequeueMode> {
  const text = optionalArgument(value);
  if (text === undefined) return ok('requeue');
  if (!releaseAtLeast(ctx.release, '25.11')) {
    return fail(refusal('unexpected-argument', `sbatch refuses it: option '--requeue' doesn't allow an argument.`, '--requeue takes no value before Slurm 25.11.'));
  }
  if (equalsIgnoringCase(text, 'expedite')) return ok('expedite');
  return invalidSpecification('requeue', text, 'Use --requeue alone or --requeue=expedite.');
}

/** `--wait-all-nodes=0|1` (parse_int allowing 0, kept in 16 bits, then > 1 refused). */
export function parseWaitAllNodes(value: string | undefined, ctx?: Pick<ValueContext, 'release'>): Parsed<0 | 1> {
  const number = parseSlurmInteger(value, 'wait-all-nodes', { allowZero: true, release: ctx?.release });
  if (!number.ok) return number;
  const stored = toUint16(BigInt(number.value));
  if (stored > 1) return invalidSpecification('wait-all-nodes', value, 'Use --wait-all-nodes=0 or --wait-all-nodes=1.');
  const notes = stored === number.value ? number.notes : [note('number-overflow', 'error', `sbatch keeps only 16 bits of --wait-all-nodes=${value ?? ''} and uses ${stored}.`)];
  return ok(stored === 1 ? 1 : 0, notes);
}

/** `--oom-kill-step[=0|1]` (24.11+): no value means 1. */
export function parseOomKillStep(value: string | undefined): Parsed<0 | 1> {
  const text = optionalArgument(value);
  if (text === undefined) return ok(1);
  const scan = scanCInteger(text);
  if (!scan.digits || scan.end !== text.length || (scan.value !== 0n && scan.value !== 1n)) {
    return invalidSpecification('oom-kill-step', text, 'Use --oom-kill-step, --oom-kill-step=1 or --oom-kill-step=0.');
  }
  return ok(scan.value === 1n ? 1 : 0);
}

export type GresFlag = 'disable-binding' | 'enforce-binding' | 'one-task-per-sharing' | 'multiple-tasks-per-sharing';

/** The release from which --gres-flags takes a comma list with the sharing flags (not pinned down exactly). */
const GRES_FLAG_LIST_SINCE: SlurmRelease = '24.05';

/**
 * `--gres-flags`: before 24.05 exactly one of disable-binding and enforce-binding; later a comma
 * list that may add one-task-per-sharing or multiple-tasks-per-sharing.
 */
export function parseGresFlags(value: string | undefined, ctx: ValueContext): Parsed<GresFlag[]> {
  const text = value ?? '';
  const single: GresFlag[] = ['disable-binding', 'enforce-binding'];
  if (!releaseAtLeast(ctx.release, GRES_FLAG_LIST_SINCE)) {
    const flag = single.find((f) => equalsIgnoringCase(text, f));
    return flag ? ok([flag]) : invalidSpecification('gres-flags', text, 'Use --gres-flags=disable-binding or --gres-flags=enforce-binding (one of them).');
  }
  const known: GresFlag[] = [...single, 'one-task-per-sharing', 'multiple-tasks-per-sharing'];
  const flags: GresFlag[] = [];
  const refuse = (message: string) => fail<GresFlag[]>(refusal('invalid-gres-flags', `sbatch refuses --gres-flags=${text}: "${message}".`, `Use a comma list of ${known.join(', ')}.`));
  for (const word of text.split(',').filter(Boolean)) {
    if (equalsIgnoringCase(word, 'allow-task-sharing')) return refuse('--gres-flags=allow-task-sharing is only used with srun.');
    const flag = known.find((f) => equalsIgnoringCase(word, f));
    if (!flag) return refuse(`Invalid --gres-flags specification: ${word}`);
    if (!flags.includes(flag)) flags.push(flag);
  }
  if (flags.includes('disable-binding') && flags.includes('enforce-binding')) {
    return refuse('Invalid --gres-flags combo: disable-binding and enforce-binding are mutually exclusive.');
  }
  if (flags.includes('one-task-per-sharing') && flags.includes('multiple-tasks-per-sharing')) {
    return refuse('Invalid --gres-flags combo: one-task-per-sharing and multiple-tasks-per-sharing are mutually exclusive.');
  }
  const notes = flags.includes('one-task-per-sharing')
    ? [note('gres-flags-cluster-setting', 'warning', 'sbatch refuses one-task-per-sharing unless slurm.conf has SelectTypeParameters=MULTIPLE_SHARING_GRES_PJ.')]
    : [];
  return ok(flags, notes);
}
