/** The positive-integer options of §3.4 (-n, -c, --ntasks-per-*, --mincpus, …). */
import type { SlurmRelease } from '../slurm-release.js';
import type { OptionValueParser } from './context.js';
import { parseSlurmInteger, sixteenBitNotes } from './integer.js';
import type { Parsed } from './result.js';
import { fail, ok, refusal } from './result.js';

interface CountRule {
  /** The job description keeps this count in 16 bits (job_desc_msg_t). */
  sixteenBit?: boolean;
  /** sbatch's own sanity check after parsing (`_opt_verify`), for counts that wrapped negative. */
  verify?: (count: number) => string | null;
}

const COUNT_RULES: Record<string, CountRule> = {
  ntasks: { verify: (n) => (n < 0 ? `invalid number of tasks (-n ${n})` : null) },
  'cpus-per-task': { sixteenBit: true, verify: (n) => (n <= 0 ? `invalid number of cpus per task (-c ${n})` : null) },
  'cpus-per-gpu': {},
  mincpus: { sixteenBit: true },
  'ntasks-per-node': { sixteenBit: true },
  'ntasks-per-core': { sixteenBit: true },
  'ntasks-per-socket': { sixteenBit: true },
  'ntasks-per-gpu': { sixteenBit: true },
  'ntasks-per-tres': { sixteenBit: true },
  'threads-per-core': { sixteenBit: true },
  'cores-per-socket': { sixteenBit: true },
  'sockets-per-node': { sixteenBit: true },
};

/** The long names of the count options. */
export const COUNT_OPTIONS = Object.keys(COUNT_RULES);

/** parse_int(positive) for `option`, plus sbatch's later checks on the stored int. */
export function parseCount(value: string | undefined, option: string, release: SlurmRelease = '22.05'): Parsed<number> {
  const rule = COUNT_RULES[option] ?? {};
  const parsed = parseSlurmInteger(value, option, { release });
  if (!parsed.ok) return parsed;
  const rejection = rule.verify?.(parsed.value);
  if (rejection) return fail(refusal('invalid-count', `sbatch refuses it: ${rejection}.`, `Give --${option} a realistic positive number.`));
  const notes = rule.sixteenBit && parsed.notes.length === 0 ? sixteenBitNotes(option, value ?? '', parsed.value) : parsed.notes;
  return ok(parsed.value, notes);
}

export function countParser(option: string): OptionValueParser {
  return (value, ctx) => parseCount(value, option, ctx.release);
}
