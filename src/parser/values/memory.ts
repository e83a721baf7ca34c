import { scanCInteger } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

export type MemoryOption = 'mem' | 'mem-per-cpu' | 'mem-per-gpu' | 'tmp';

/** Slurm marks a per-CPU memory request with the top bit of the same 64-bit field. */
const MEM_PER_CPU_FLAG = 1n << 63n;

const UNIT_MULTIPLIER: Record<string, bigint> = { m: 1n, g: 1024n, t: 1024n * 1024n };

/**
 * A memory size (str_to_mbytes): an integer, then at most one unit letter K/M/G/T (either case),
 * optionally followed by B. The result is MiB as Slurm stores it in its unsigned 64-bit field.
 */
export function parseMemorySize(value: string | undefined, option: MemoryOption | string = 'mem'): Parsed<number> {
  const text = value ?? '';
  const invalid = () =>
    fail<number>(
      refusal(
        'invalid-memory',
        `sbatch refuses --${option}=${text}: "Invalid --${option} specification".`,
        'Give a whole number with an optional unit K, M, G or T, e.g. 500M, 4G or 2048 (MiB); decimals such as 1.5G are not accepted, write 1536M.',
      ),
    );
  const scan = scanCInteger(text);
  if (!scan.digits || scan.overflow || scan.value < 0n) return invalid();
  const unit = text.slice(scan.end);
  let result = scan.value;
  if (unit !== '') {
    const letter = unit[0]?.toLowerCase() ?? '';
    const suffix = unit.slice(1);
    if (!['k', 'm', 'g', 't'].includes(letter) || !['', 'B', 'b'].includes(suffix)) return invalid();
    result = letter === 'k' ? BigInt.asIntN(64, result + 1023n) / 1024n : BigInt.asIntN(64, result * (UNIT_MULTIPLIER[letter] ?? 1n));
  }
  const stored = BigInt.asUintN(64, result);
  return ok(Number(stored), memoryNotes(text, option, stored, exactMebibytes(scan.value, unit)));
}

function exactMebibytes(number: bigint, unit: string): bigint {
  const letter = unit[0]?.toLowerCase() ?? 'm';
  if (letter === 'k') return (number + 1023n) / 1024n;
  return number * (UNIT_MULTIPLIER[letter] ?? 1n);
}

function memoryNotes(text: string, option: string, stored: bigint, exact: bigint): ValueProblem[] {
  if (stored !== exact || stored & MEM_PER_CPU_FLAG) {
    const perCpu = stored & MEM_PER_CPU_FLAG;
    const shown = formatMemorySize(Number(stored & ~MEM_PER_CPU_FLAG));
    return [
      note(
        'memory-overflow',
        'error',
        `sbatch accepts --${option}=${text}, but the size overflows Slurm's 64-bit field: Slurm stores ${shown}${perCpu ? ' and reads it as a per-CPU request' : ''}.`,
        'Give a realistic size such as 4G or 512G.',
      ),
    ];
  }
  if (stored === 0n && option === 'mem') {
    return [note('memory-zero', 'info', '--mem=0 asks for all the memory of each allocated node.')];
  }
  return [];
}

const UNIT_LETTERS = ['', 'K', 'M', 'G', 'T', 'P'];
const MEGA = 2;

/**
 * A MiB amount the way scontrol prints MinMemoryNode/MinMemoryCPU (convert_num_unit, exact mode):
 * divided by 1024 while that loses nothing beyond a half, e.g. `500M`, `1G`, `1.50G`, `0`.
 */
export function formatMemorySize(mebibytes: number): string {
  // scontrol passes the value through a C float first.
  let num = Math.fround(mebibytes);
  if (Math.trunc(num) === 0) return '0';
  let unit = MEGA;
  while (num >= 1024 && Math.trunc(num) % 512 === 0) {
    num /= 1024;
    unit++;
  }
  const letter = UNIT_LETTERS[unit] ?? '?';
  return Number.isInteger(num) ? `${BigInt(num)}${letter}` : `${num.toFixed(2)}${letter}`;
}
