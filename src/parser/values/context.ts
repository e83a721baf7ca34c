import type { SlurmRelease } from '../slurm-release.js';
import type { Parsed } from './result.js';

/** What a value parser may depend on besides the value itself. */
export interface ValueContext {
  /** Whose sbatch to imitate. */
  release: SlurmRelease;
  /** slurm.conf MaxArraySize: array indices must be below it (Slurm's default is 1001). */
  maxArraySize: number;
  /** Array indices at or above maxArraySize are refused (a real cluster) or only warned about (the cloud). */
  arraySizeIsHardLimit: boolean;
  /** The submission time, for `--begin`/`--deadline` (`now+1hour`, `tomorrow`, …). */
  now: Date;
}

export const DEFAULT_MAX_ARRAY_SIZE = 1001;

/**
 * Validates one option argument. `value` is undefined only for options whose argument is optional
 * and was not given (`--exclusive`, `--nice`, `-k`, …).
 */
export type OptionValueParser = (value: string | undefined, ctx: ValueContext) => Parsed<unknown>;
