/** Scheduling knobs: --nice, --priority, --switches, --delay-boot, --core-spec, --thread-spec, --segment, --resv-ports, --mem-update. */
import { LONG_MIN, equalsIgnoringCase, scanCInteger, toInt32 } from './c-number.js';
import type { ValueContext } from './context.js';
import { parseSlurmInteger } from './integer.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';
import type { Duration } from './time.js';
import { parseDurationSeconds } from './time.js';

/** NICE_OFFSET - 3 in slurm.h. */
const NICE_LIMIT = 2147483645n;
const NO_VAL = 4294967294n;

/** A leading-number read (strtoll with no end check) reports the junk it skipped. */
function leadingNumberNotes(option: string, text: string, used: string): ValueProblem[] {
  const scan = scanCInteger(text);
  if (scan.digits && scan.end === text.length) return [];
  return [note('number-prefix-only', 'warning', `sbatch reads only the leading number of --${option}=${text} and uses ${used}.`, `Give --${option} a plain integer.`)];
}

/** `--nice[=adjustment]` (arg_set_nice): no value means 100; the text is read with strtoll, unchecked. */
export function parseNice(value: string | undefined): Parsed<number> {
  if (value === undefined || value === '') return ok(100);
  const scan = scanCInteger(value);
  // llabs(LLONG_MIN) stays negative in C, so that one slips through the range check.
  const magnitude = scan.value < 0n && scan.value !== LONG_MIN ? -scan.value : scan.value;
  if (magnitude > NICE_LIMIT) {
    return fail(
      refusal('invalid-nice', `sbatch refuses --nice=${value}: "Invalid --nice value, out of range (+/- ${NICE_LIMIT})".`, `Give a nice value between -${NICE_LIMIT} and ${NICE_LIMIT}.`),
    );
  }
  const nice = toInt32(scan.value);
  const notes = leadingNumberNotes('nice', value, String(nice));
  if (nice < 0) {
    notes.push(
      note(
        'negative-nice',
        'warning',
        `A negative --nice raises the job's priority: only root, SlurmUser and operators may do that; anyone else's submission fails with "Invalid --nice value".`,
        'Use --nice with a positive value, or none.',
      ),
    );
  }
  return ok(nice, notes);
}

/** `--priority=<value>|TOP` (arg_set_priority): strtoll, unchecked except for the range. */
export function parsePriority(value: string | undefined): Parsed<number | 'top'> {
  const text = value ?? '';
  const operatorOnly = note('priority-operator-only', 'info', 'Only operators and administrators can set a job priority; for other users slurmctld ignores --priority.');
  if (equalsIgnoringCase(text, 'TOP')) return ok('top', [operatorOnly]);
  const scan = scanCInteger(text);
  if (scan.value < 0n) return fail(refusal('invalid-priority', `sbatch refuses --priority=${text}: "Priority must be >= 0".`, 'Give a priority of 0 or more, or TOP.'));
  if (scan.value >= NO_VAL) return fail(refusal('invalid-priority', `sbatch refuses --priority=${text}: "Priority must be < ${NO_VAL}".`, `Give a priority below ${NO_VAL}, or TOP.`));
  const priority = Number(scan.value);
  return ok(priority, [...leadingNumberNotes('priority', text, String(priority)), operatorOnly]);
}

export interface SwitchesRequest {
  count: number;
  /** Longest wait for that switch count, in seconds; null when absent or unreadable. */
  maxWaitSeconds: Duration | null;
}

/** `--switches=<count>[@<max-time>]` (arg_set_switches): an unreadable time is silently dropped. */
export function parseSwitches(value: string | undefined, ctx?: Pick<ValueContext, 'release'>): Parsed<SwitchesRequest> {
  const text = value ?? '';
  const at = text.indexOf('@');
  const count = parseSlurmInteger(at < 0 ? text : text.slice(0, at), 'switches', { release: ctx?.release });
  if (!count.ok) return count;
  if (at < 0) return ok({ count: count.value, maxWaitSeconds: null }, count.notes);
  const wait = parseDurationSeconds(text.slice(at + 1), 'switches');
  if (!wait.ok) {
    return ok({ count: count.value, maxWaitSeconds: null }, [
      ...count.notes,
      note(
        'switches-wait-ignored',
        'warning',
        `sbatch cannot read the wait time "${text.slice(at + 1)}" of --switches=${text} and silently ignores it.`,
        'Write the wait as minutes or HH:MM:SS, e.g. --switches=2@30.',
      ),
    ]);
  }
  return ok({ count: count.value, maxWaitSeconds: wait.value }, [...count.notes, ...wait.notes]);
}

/** `--delay-boot=<time>` (arg_set_delay_boot), in seconds. */
export function parseDelayBoot(value: string | undefined): Parsed<Duration> {
  return parseDurationSeconds(value, 'delay-boot');
}

/** Slurm keeps core and thread specialisation in one 16-bit field whose top bit means threads. */
const CORE_SPEC_THREAD = 0x8000;

function specialisationNotes(option: string, text: string, count: number): ValueProblem[] {
  if (count >= 0 && count < CORE_SPEC_THREAD) return [];
  return [
    note(
      'core-spec-overflow',
      'error',
      `sbatch accepts --${option}=${text}, but Slurm keeps this count in 15 bits (the 16th marks thread counts), so it stores something else.`,
      'Give a realistic count.',
    ),
  ];
}

/** `-S/--core-spec=<cores>` (parse_int allowing 0). */
export function parseCoreSpec(value: string | undefined, ctx?: Pick<ValueContext, 'release'>): Parsed<number> {
  const count = parseSlurmInteger(value, 'core-spec', { allowZero: true, release: ctx?.release });
  return count.ok ? ok(count.value, [...count.notes, ...specialisationNotes('core-spec', value ?? '', count.value)]) : count;
}

/** `--thread-spec=<threads>` (parse_int, > 0). */
export function parseThreadSpec(value: string | undefined, ctx?: Pick<ValueContext, 'release'>): Parsed<number> {
  const count = parseSlurmInteger(value, 'thread-spec', { release: ctx?.release });
  return count.ok ? ok(count.value, [...count.notes, ...specialisationNotes('thread-spec', value ?? '', count.value)]) : count;
}

/** `--segment=<size>` (24.05+, parse_uint16: a plain number below 65534). */
export function parseSegment(value: string | undefined): Parsed<number> {
  const text = value ?? '';
  const scan = scanCInteger(text);
  const consumed = scan.digits ? scan.end === text.length : text === '';
  if (!consumed || scan.overflow || scan.value < 0n || scan.value >= 65534n) {
    return fail(refusal('invalid-segment', `sbatch refuses --segment=${text}: "Invalid --segment specification".`, 'Give a segment size between 0 and 65533.'));
  }
  return ok(Number(scan.value));
}

/** `--resv-ports[=count]` (24.05+): no value means 0, a count goes through parse_int allowing 0. */
export function parseResvPorts(value: string | undefined, ctx?: Pick<ValueContext, 'release'>): Parsed<number> {
  if (value === undefined || value === '') return ok(0);
  // Slurm names the option "--resv-port" in this message.
  return parseSlurmInteger(value, 'resv-port', { allowZero: true, release: ctx?.release });
}

export interface MemoryUpdateRequest {
  margin: string;
  delay: string;
}

/**
 * `--mem-update=<margin>@<delay>` (26.05+). The setter's exact checks could not be read, so only
 * the shape is looked at, and a doubtful value is a warning rather than a refusal.
 */
export function parseMemUpdate(value: string | undefined): Parsed<MemoryUpdateRequest> {
  const text = value ?? '';
  const at = text.indexOf('@');
  const margin = at < 0 ? text : text.slice(0, at);
  const delay = at < 0 ? '' : text.slice(at + 1);
  const notes = at < 0 || !margin || !delay ? [note('mem-update-shape', 'warning', `--mem-update=${text} does not look like <margin>@<delay>.`)] : [];
  return ok({ margin, delay }, notes);
}
