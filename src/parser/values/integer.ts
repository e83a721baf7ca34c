import { releaseAtLeast, type SlurmRelease } from '../slurm-release.js';
import { LONG_MAX, scanCInteger, toInt32, toUint16 } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

export interface SlurmIntegerOptions {
  /** parse_int's `positive` is false: 0 is accepted (`--core-spec`, `--wait-all-nodes`). */
  allowZero?: boolean;
  /** Whose parse_int (22.05 when not given). */
  release?: SlurmRelease;
}

const INT_MAX = 2n ** 31n - 1n;

/**
 * parse_int of proc_args.c: a base-10 strtol (leading whitespace and a sign allowed) with nothing
 * after it, > 0 (≥ 0 with `allowZero`) and below LONG_MAX. In 22.05 the result is then cast to
 * `int`, so 4294967297 becomes 1 (reported as an error-severity note); 24.11 refuses anything from
 * INT_MAX up (observed on a real 24.11.5: 2147483646 passes, 2147483647 does not).
 */
export function parseSlurmInteger(value: string | undefined, option: string, { allowZero = false, release = '22.05' }: SlurmIntegerOptions = {}): Parsed<number> {
  const text = value ?? '';
  const scan = scanCInteger(text);
  const consumed = scan.digits ? scan.end === text.length : text === '';
  if (!consumed || scan.value < 0n || (!allowZero && scan.value === 0n)) {
    return fail(
      refusal(
        'invalid-number',
        `sbatch refuses it: Invalid numeric value "${text}" for --${option}.`,
        allowZero ? `--${option} takes a whole number, 0 or more.` : `--${option} takes a whole number greater than 0.`,
      ),
    );
  }
  if (releaseAtLeast(release, '24.11') && scan.value >= INT_MAX) {
    return fail(refusal('number-too-large', `sbatch refuses it: Numeric argument (${scan.value}) too large for --${option}.`, `Give a realistic value for --${option}.`));
  }
  if (scan.value === LONG_MAX) {
    return fail(refusal('number-too-large', `sbatch refuses it: Numeric argument (${LONG_MAX}) to big for --${option}.`, `Give a realistic value for --${option}.`));
  }
  const stored = toInt32(scan.value);
  return ok(stored, BigInt(stored) === scan.value ? [] : [overflowNote(option, text, stored, 32)]);
}

function overflowNote(option: string, text: string, stored: number, bits: 16 | 32): ValueProblem {
  return note(
    'number-overflow',
    bits === 32 ? 'error' : 'warning',
    `sbatch accepts --${option}=${text}, but Slurm keeps only ${bits} bits of it and uses ${stored}.`,
    `Give a realistic value for --${option}.`,
  );
}

/**
 * The note for a count that sbatch accepts as an int but sends to the controller in a 16-bit field
 * (`--cpus-per-task=65537` reaches slurmctld as 1).
 */
export function sixteenBitNotes(option: string, text: string, stored: number): ValueProblem[] {
  const kept = toUint16(BigInt(stored));
  return kept === stored ? [] : [overflowNote(option, text, kept, 16)];
}
