import { DEFAULT_SLURM_RELEASE, SLURM_RELEASES, isSlurmRelease, type SlurmRelease } from '../parser/slurm-release.js';
import type { ParseOptions } from '../parser/parse-script.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../parser/values/context.js';
import { UsageError } from '../core/errors.js';
import { siteSlurmConf } from './site-slurm-conf.js';

export function releaseFrom(value: unknown): SlurmRelease {
  if (value === undefined || value === null || value === '') return DEFAULT_SLURM_RELEASE;
  const text = String(value).replace(/^(\d+\.\d+)\.\d+$/, '$1');
  if (!isSlurmRelease(text)) {
    throw new UsageError(`unknown Slurm release "${String(value)}"`, `choose one of ${SLURM_RELEASES.join(', ')}`);
  }
  return text;
}

export function positiveIntFrom(value: unknown, flag: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} needs a positive whole number, not "${text}"`);
  return Number(text);
}

export function countFrom(value: unknown, flag: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number, not "${text}"`);
  return Number(text);
}

let inputEnvironment: Record<string, string> | undefined;

/**
 * The submission environment's SBATCH_* and SLURM_* variables, copied once: process.env is a slow
 * host object, and sbatch reads nothing else from it.
 */
function sbatchInputEnvironment(): Record<string, string> {
  if (!inputEnvironment) {
    inputEnvironment = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (value !== undefined && (name.startsWith('SBATCH_') || name.startsWith('SLURM_'))) inputEnvironment[name] = value;
    }
  }
  return inputEnvironment;
}

/** Parser options from the flags every script-reading command shares. */
export function parseOptionsFrom(file: string, opts: { slurmRelease?: unknown; maxArraySize?: unknown; cloud?: unknown }, cliArgs: readonly string[]): ParseOptions {
  return {
    fileName: file,
    release: releaseFrom(opts.slurmRelease),
    env: sbatchInputEnvironment(),
    cliArgs,
    // The flag, else this machine's slurm.conf, else Slurm's default.
    maxArraySize: positiveIntFrom(opts.maxArraySize, '--max-array-size') ?? siteSlurmConf()?.maxArraySize ?? DEFAULT_MAX_ARRAY_SIZE,
    arraySizeIsHardLimit: opts.cloud !== true && opts.cloud !== 'true',
    now: new Date(),
  };
}
