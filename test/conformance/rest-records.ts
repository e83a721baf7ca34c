import type { ScontrolRecord } from './scontrol-record.js';

/**
 * What must differ between two submissions of the same job, one by sbatch and one by slurmrestd, and
 * is therefore left out of the comparison:
 * - JobId, ArrayJobId, HetJobId, HetJobIdSet: two submissions, two ids.
 * - SubmitTime, LastSchedEval: when each was submitted and first looked at.
 * - AllocNode:Sid: sbatch's host and session; slurmrestd's own for the REST job.
 * - Command: sbatch's script path; a REST job has no script file on the submission host.
 * - OOMKillStep=0 (24.11): data_parser initialises it where sbatch leaves it unset; v0.0.40/41 have no field to unset it.
 * The job's own id inside StdOut/StdErr/StdIn (scontrol expands %j, %A), with the zeros of a width such
 * as %012j (their number depends on the id's digits), becomes JOBID; times set from
 * "now" (--begin=now+60, --deadline=now+1hour) count as equal within TIME_SLACK_S, since the two
 * submissions happen moments apart.
 */
const DIFFERING = new Set(['JobId', 'ArrayJobId', 'HetJobId', 'HetJobIdSet', 'SubmitTime', 'LastSchedEval', 'AllocNode:Sid', 'Command']);
const PATHS = ['StdOut', 'StdErr', 'StdIn'];
const TIMES = new Set(['EligibleTime', 'StartTime', 'EndTime', 'Deadline', 'AccrueTime', 'PreemptEligibleTime']);
const TIME_SLACK_S = 120;

export interface FieldDifference {
  field: string;
  sbatch: string | undefined;
  rest: string | undefined;
}

function normalised(record: ScontrolRecord, ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, value] of record) {
    // slurmrestd (data_parser) sets OOMKillStep=0 where sbatch leaves it unset, so that scontrol shows it for REST jobs only.
    if (field === 'OOMKillStep' && value === '0') continue;
    if (DIFFERING.has(field)) continue;
    out.set(field, PATHS.includes(field) ? ids.reduce((text, id) => text.replace(new RegExp(`0*${id}(?!\\d)`, 'g'), 'JOBID'), value) : value);
  }
  return out;
}

function idsOf(record: ScontrolRecord): string[] {
  return ['JobId', 'ArrayJobId', 'HetJobId'].map((f) => record.get(f)).filter((v): v is string => v !== undefined && /^\d+$/.test(v));
}

function closeTimes(a: string, b: string): boolean {
  const [x, y] = [Date.parse(a), Date.parse(b)];
  return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= TIME_SLACK_S * 1000;
}

/** Field by field, after normalising only what must differ. */
function recordDifferences(sbatch: ScontrolRecord, rest: ScontrolRecord): FieldDifference[] {
  const [a, b] = [normalised(sbatch, idsOf(sbatch)), normalised(rest, idsOf(rest))];
  const differences: FieldDifference[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const [x, y] = [a.get(field), b.get(field)];
    if (x === y || (TIMES.has(field) && x !== undefined && y !== undefined && closeTimes(x, y))) continue;
    differences.push({ field, sbatch: x, rest: y });
  }
  return differences;
}

/** Every component of both jobs, in order. */
export function jobDifferences(sbatch: readonly ScontrolRecord[], rest: readonly ScontrolRecord[]): FieldDifference[] {
  const found: FieldDifference[] = [];
  if (sbatch.length !== rest.length) found.push({ field: 'components', sbatch: String(sbatch.length), rest: String(rest.length) });
  sbatch.forEach((record, i) => {
    const other = rest[i];
    if (other) found.push(...recordDifferences(record, other).map((d) => (sbatch.length > 1 ? { ...d, field: `[${i}] ${d.field}` } : d)));
  });
  return found;
}

export function describeDifferences(differences: readonly FieldDifference[]): string {
  return differences.map((d) => `  ${d.field}: sbatch ${JSON.stringify(d.sbatch)} vs REST ${JSON.stringify(d.rest)}`).join('\n');
}
