/** -L/--licenses and --tres-per-task. */
import { isCSpace, scanCInteger, strtok, toInt32, utf8Length } from './c-number.js';
import type { Parsed, ValueProblem } from './result.js';
import { fail, note, ok, refusal } from './result.js';

export interface LicenseRequest {
  name: string;
  count: number;
}

const MAX_LICENSES_BYTES = 1024;

/**
 * `-L/--licenses=name[:count][,…]` as slurmctld reads it (`_build_license_list`): `,` or `;`
 * separated, no blanks, counts ≥ 0, repeated names added up. Whether the cluster defines the
 * licenses is only known there: a real cluster refuses unknown ones.
 */
export function parseLicenses(value: string | undefined): Parsed<LicenseRequest[]> {
  const text = value ?? '';
  const invalid = (why: string) =>
    fail<LicenseRequest[]>(
      refusal(
        'invalid-licenses',
        `sbatch fails with "Batch job submission failed: Invalid license specification": ${why}.`,
        'Write licenses as NAME[:COUNT], comma-separated, without blanks, e.g. -L matlab:2,fluent.',
      ),
    );
  if (utf8Length(text) > MAX_LICENSES_BYTES) {
    return fail(refusal('value-too-long', `sbatch fails with "Pathname of a file, directory or other parameter too long": --licenses is longer than ${MAX_LICENSES_BYTES} bytes.`));
  }
  const requests: LicenseRequest[] = [];
  for (const { token } of strtok(text, ',;')) {
    if ([...token].some(isCSpace)) return invalid(`"${token}" contains a blank`);
    const colon = token.indexOf(':');
    const name = colon < 0 ? token : token.slice(0, colon);
    let count = 1;
    if (colon >= 0) {
      const countText = token.slice(colon + 1);
      const scan = scanCInteger(countText);
      if ((scan.digits ? scan.end : 0) !== countText.length) return invalid(`the count in "${token}" is not a number`);
      count = toInt32(scan.value);
      if (count < 0) return invalid(`the count in "${token}" is negative`);
    }
    if (name === '') return invalid(`"${token}" has no license name`);
    const existing = requests.find((r) => r.name === name);
    if (existing) existing.count += count;
    else requests.push({ name, count });
  }
  const notes: ValueProblem[] = requests.length ? [note('licenses-cluster-defined', 'info', 'A real cluster refuses licenses it does not define ("Invalid license specification").')] : [];
  return ok(requests, notes);
}

export interface TresPerTaskItem {
  /** `cpu`, `gres/gpu`, `gres/gpu:a100`, `license/matlab`, … */
  tres: string;
  count: number;
}

/**
 * `--tres-per-task=<tres>=<count>[,…]` (23.02+). Its checks live in slurmctld and were not
 * available to verify, so an unusual item is reported as a warning, not a refusal.
 */
export function parseTresPerTask(value: string | undefined): Parsed<TresPerTaskItem[]> {
  const items: TresPerTaskItem[] = [];
  const notes: ValueProblem[] = [];
  for (const { token } of strtok(value ?? '', ',')) {
    const match = /^([a-z]+(?:\/[^=:\s]+(?::[^=\s]+)?)?)[=:](\d+)$/i.exec(token);
    if (!match?.[1] || match[2] === undefined) {
      notes.push(note('tres-per-task-item', 'warning', `"${token}" does not look like <tres>=<count> (e.g. cpu=4 or gres/gpu=1).`));
      continue;
    }
    items.push({ tres: match[1], count: Number(match[2]) });
  }
  return ok(items, notes);
}
