import type { ValueContext } from './context.js';
import { isWhitespaceOnly, isCSpace, scanCInteger, startsWithIgnoringCase, toInt32, toUint16 } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';
import type { SlurmRelease } from '../slurm-release.js';
import { releaseAtLeast } from '../slurm-release.js';

/** `--signal` as the controller receives it. */
export interface SignalSpec {
  /** Signal number (Linux numbering for names). */
  signal: number;
  /** The name Slurm prints for it (`USR1`), or null for a bare number without a name. */
  name: string | null;
  /** Seconds before the time limit (0–65535, default 60). */
  secondsBefore: number;
  /** `B`: signal only the batch shell. */
  batchShellOnly: boolean;
  /** `R`: the job may overlap a reservation. */
  reservationOverlap: boolean;
}

/** sig_name2num's table, with the Linux numbers. */
const SIGNALS: readonly (readonly [string, number])[] = [
  ['HUP', 1],
  ['INT', 2],
  ['QUIT', 3],
  ['ABRT', 6],
  ['KILL', 9],
  ['ALRM', 14],
  ['TERM', 15],
  ['USR1', 10],
  ['USR2', 12],
  ['URG', 23],
  ['CONT', 18],
  ['STOP', 19],
  ['TSTP', 20],
  ['TTIN', 21],
  ['TTOU', 22],
  ['XCPU', 24],
];

/**
 * Names added after 22.05 (present in the 26.11 snapshot, absent from 22.05.8 where
 * `--signal=CHLD` was observed to be refused); the first release carrying them is not pinned down.
 */
const LATER_SIGNALS: readonly (readonly [string, number])[] = [
  ['CHLD', 17],
  ['PIPE', 13],
];
const LATER_SIGNALS_SINCE: SlurmRelease = '25.05';

function knownSignals(release: SlurmRelease): readonly (readonly [string, number])[] {
  return releaseAtLeast(release, LATER_SIGNALS_SINCE) ? [...SIGNALS, ...LATER_SIGNALS] : SIGNALS;
}

/** sig_name2num: a number (with only blanks after it) or a known name with optional SIG prefix; 0 if neither. */
export function signalNumber(text: string, release: SlurmRelease): number {
  const scan = scanCInteger(text);
  if (scan.digits) return isWhitespaceOnly(text.slice(scan.end)) ? toInt32(scan.value) : 0;
  let name = text;
  while (isCSpace(name[0])) name = name.slice(1);
  if (startsWithIgnoringCase(name, 'SIG')) name = name.slice(3);
  for (const [signalName, number] of knownSignals(release)) {
    if (startsWithIgnoringCase(name, signalName) && isWhitespaceOnly(name.slice(signalName.length))) return number;
  }
  return 0;
}

function signalName(signal: number, release: SlurmRelease): string | null {
  return knownSignals(release).find(([, n]) => n === signal)?.[0] ?? null;
}

/**
 * `--signal=[{R|B|BR|RB}:]<sig>[@<secs>]` (get_signal_opts as sbatch runs it): the flag letters
 * are taken as R, then B, then R again, each optional, case-insensitive, with or without the colon.
 */
export function parseSignal(value: string | undefined, ctx: ValueContext): Parsed<SignalSpec> {
  const text = value ?? '';
  const invalid = (why: string) =>
    fail<SignalSpec>(
      refusal('invalid-signal', `sbatch refuses --signal=${text}: "Invalid --signal specification" (${why}).`, 'Write [B:]SIGNAL[@SECONDS], e.g. USR1, B:TERM@120 or 10@300.'),
    );
  let rest = text;
  let reservationOverlap = false;
  let batchShellOnly = false;
  if (startsWithIgnoringCase(rest, 'R')) [reservationOverlap, rest] = [true, rest.slice(1)];
  if (startsWithIgnoringCase(rest, 'B')) [batchShellOnly, rest] = [true, rest.slice(1)];
  if (startsWithIgnoringCase(rest, 'R')) [reservationOverlap, rest] = [true, rest.slice(1)];
  if (rest.startsWith(':')) rest = rest.slice(1);
  const at = rest.indexOf('@');
  const signalPart = at < 0 ? rest : rest.slice(0, at);
  const signal = toUint16(BigInt(signalNumber(signalPart, ctx.release)));
  if (signal < 1) return invalid(`"${signalPart}" is not a signal sbatch knows`);
  let secondsBefore = 60;
  if (at >= 0) {
    const timePart = rest.slice(at + 1);
    const scan = scanCInteger(timePart);
    if (scan.value < 0n || scan.value > 0xffffn) return invalid(`the time "${timePart}" is not between 0 and 65535 seconds`);
    if ((scan.digits ? scan.end : 0) !== timePart.length) return invalid(`"${timePart}" is not a number of seconds`);
    secondsBefore = Number(scan.value);
  }
  const notes: ValueProblem[] = [];
  const name = signalName(signal, ctx.release);
  if (name === null && signal > 64) {
    notes.push(note('unusual-signal', 'warning', `sbatch accepts signal number ${signal}, but no such signal exists; the job will not be signalled as intended.`));
  }
  return ok({ signal, name, secondsBefore, batchShellOnly, reservationOverlap }, notes);
}
