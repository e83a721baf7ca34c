/** Accounting and profiling options: --acctg-freq, --profile, --power. */
import { equalsIgnoringCase, includesIgnoringCase, scanCInteger, strtok, toInt32 } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

export type AccountingKind = 'task' | 'energy' | 'network' | 'filesystem';

/** Sampling interval in seconds per kind; a bare number is the task interval. */
export type AccountingFrequency = Partial<Record<AccountingKind, number>>;

/** `_get_int`: strtol's value cast to int, -1 (invalid) when there are no digits. */
function leadingInt(text: string): number {
  const scan = scanCInteger(text);
  return scan.digits ? toInt32(scan.value) : -1;
}

function keyedInterval(token: string, kind: AccountingKind): number {
  const at = token.toLowerCase().indexOf(`${kind}=`);
  return at < 0 ? -1 : leadingInt(token.slice(at + kind.length + 1));
}

/**
 * One `--acctg-freq` item (acct_gather_parse_freq for each kind in turn): `energy=N`, a number
 * (task), `task=N`, `filesystem=N` or `network=N`, found anywhere in the item, case-insensitive.
 */
function accountingItem(token: string): { kind: AccountingKind; seconds: number } | null {
  const energy = keyedInterval(token, 'energy');
  if (energy !== -1) return { kind: 'energy', seconds: energy };
  const bare = leadingInt(token);
  const task = bare !== -1 ? bare : keyedInterval(token, 'task');
  if (task !== -1) return { kind: 'task', seconds: task };
  for (const kind of ['filesystem', 'network'] as const) {
    const seconds = keyedInterval(token, kind);
    if (seconds !== -1) return { kind, seconds };
  }
  return null;
}

/** `--acctg-freq=<kind>=<seconds>[,…]` (validate_acctg_freq). */
export function parseAcctgFreq(value: string | undefined): Parsed<AccountingFrequency> {
  const text = value ?? '';
  const frequency: AccountingFrequency = {};
  for (const { token } of strtok(text, ',')) {
    const item = accountingItem(token);
    if (!item) {
      return fail(
        refusal(
          'invalid-acctg-freq',
          `sbatch refuses it: "Invalid --acctg-freq specification: ${token}".`,
          'Use task=<sec>, energy=<sec>, network=<sec> or filesystem=<sec>, comma-separated; a bare number is the task interval.',
        ),
      );
    }
    frequency[item.kind] = item.seconds;
  }
  return ok(frequency);
}

export type ProfileSeries = 'energy' | 'task' | 'lustre' | 'network';
export type Profile = 'all' | 'none' | ProfileSeries[];

/**
 * `--profile` (acct_gather_profile_from_string). Words are found as substrings: anything containing
 * "none" means none and anything containing "all" means all, as Slurm does.
 */
export function parseProfile(value: string | undefined): Parsed<Profile> {
  const text = value ?? '';
  const profile: Profile = includesIgnoringCase(text, 'none')
    ? 'none'
    : includesIgnoringCase(text, 'all')
      ? 'all'
      : (['energy', 'task', 'lustre', 'network'] as const).filter((series) => includesIgnoringCase(text, series));
  if (Array.isArray(profile) && !profile.length) {
    return fail(refusal('invalid-profile', `sbatch refuses it: "invalid --profile=${text} option".`, 'Use all, none, or a comma list of energy, task, lustre and network.'));
  }
  const words = strtok(text, ',').map((t) => t.token);
  const unknown = words.filter((word) => !['all', 'none', 'energy', 'task', 'lustre', 'network'].some((w) => equalsIgnoringCase(word, w)));
  const notes: ValueProblem[] = unknown.length
    ? [note('profile-loose-match', 'warning', `sbatch matches --profile words loosely; it reads "${text}" as ${Array.isArray(profile) ? profile.join(',') : profile}.`)]
    : [];
  return ok(profile, notes);
}

/** `--power` (22.05 only, power_flags_id): only `level` means anything; other words are ignored. */
export function parsePower(value: string | undefined): Parsed<{ level: boolean }> {
  const words = strtok(value ?? '', ',').map((t) => t.token);
  const ignored = words.filter((word) => !equalsIgnoringCase(word, 'level'));
  const notes = ignored.map((word) => note('power-ignored', 'warning', `sbatch prints "Ignoring unrecognized power option (${word})" and goes on.`));
  return ok({ level: words.length > ignored.length }, notes);
}
