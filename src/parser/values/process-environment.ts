/** Options about the environment the batch script starts in: --get-user-env, --propagate. */
import { scanCInteger, strtok, toInt32 } from './c-number.js';
import type { Parsed } from './result.js';
import { fail, note, ok, refusal } from './result.js';

export interface UserEnvironmentRequest {
  /** Seconds to wait for the login environment; 0 (Slurm's default) when not given. */
  timeoutSeconds: number;
  /** `S`: short (`su -`-less) login; `L`: full login shell; null when not given. */
  mode: 'short' | 'long' | null;
}

/**
 * `--get-user-env[=timeout][S|L]`: only the first character after the number is checked. 24.11
 * still takes the argument (observed on 24.11.5: `--get-user-env=10L` passes, `=10X` is refused).
 */
export function parseGetUserEnv(value: string | undefined): Parsed<UserEnvironmentRequest> {
  const text = value === '' ? undefined : value;
  if (text === undefined) return ok({ timeoutSeconds: 0, mode: null });
  const scan = scanCInteger(text);
  const end = scan.digits ? scan.end : 0;
  const suffix = text[end]?.toUpperCase();
  if (suffix !== undefined && suffix !== 'S' && suffix !== 'L') {
    return fail(
      refusal(
        'invalid-get-user-env',
        `sbatch refuses --get-user-env=${text}: "Invalid --get-user-env specification".`,
        'Use --get-user-env, --get-user-env=<seconds> and optionally S or L, e.g. 10L.',
      ),
    );
  }
  const notes = text.length > end + 1 ? [note('get-user-env-trailing', 'info', `sbatch ignores "${text.slice(end + 1)}" after the ${suffix} in --get-user-env=${text}.`)] : [];
  const mode = suffix === 'S' ? 'short' : suffix === 'L' ? 'long' : null;
  return ok({ timeoutSeconds: toInt32(scan.value), mode }, notes);
}

const RLIMITS = ['CPU', 'FSIZE', 'DATA', 'STACK', 'CORE', 'RSS', 'NPROC', 'NOFILE', 'MEMLOCK', 'AS'] as const;
export type ResourceLimit = (typeof RLIMITS)[number];

/** `--propagate[=ALL|NONE|limit,…]` (parse_rlimits): names are case-sensitive, `RLIMIT_` prefix allowed. */
export function parsePropagate(value: string | undefined): Parsed<'ALL' | 'NONE' | ResourceLimit[]> {
  const text = value === '' || value === undefined ? 'ALL' : value;
  if (text === 'ALL' || text === 'NONE') return ok(text);
  const limits: ResourceLimit[] = [];
  for (const { token } of strtok(text, ', \t\n')) {
    // parse_rlimits strips one "RLIMIT_" per table entry it compares against, hence the loop.
    let name = token;
    const limit = RLIMITS.find((candidate) => {
      if (name.startsWith('RLIMIT_')) name = name.slice('RLIMIT_'.length);
      return candidate === name;
    });
    if (!limit) {
      return fail(
        refusal(
          'invalid-propagate',
          `sbatch refuses it: "Bad rlimit name: ${name}", "--propagate=${text} is not valid."`,
          `Use ALL, NONE or a comma list of ${RLIMITS.join(', ')} (upper case).`,
        ),
      );
    }
    if (!limits.includes(limit)) limits.push(limit);
  }
  return ok(limits);
}
