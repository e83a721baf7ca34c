import type { ScontrolRecord } from './scontrol-record.js';

/**
 * What must differ between two submissions of the same job, one by sbatch and one by slurmrestd, and
 * is therefore left out of the comparison:
 * - JobId, ArrayJobId, HetJobId, HetJobIdSet: two submissions, two ids.
 * - SubmitTime, LastSchedEval: when each was submitted and first looked at.
 * - AllocNode:Sid: sbatch's host and session; slurmrestd's own for the REST job.
 * - Command: sbatch's script path; a REST job has no script file on the submission host.
 * - OOMKillStep=0 (24.11): data_parser initialises it where sbatch leaves it unset; v0.0.40/41 have no field to unset it.
 * StdOut/StdErr/StdIn may differ where scontrol put each job's own id (sameNameModuloIds); times set from
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

const stripZeros = (digits: string) => digits.replace(/^0+/, '');

/**
 * Two file names scontrol printed for the two jobs are the same name when they differ only where each
 * has its own job id: digit by digit-run, a run ending in sbatch's id on one side and in the REST job's
 * on the other, with the same digits before it (a width's zeros such as %012j's may differ in number).
 * Comparing runs, not searching for ids, keeps directory names and other numbers that happen to contain
 * an id (`/tmp/…-24.11-O69xAZ/`, task 11 of job 1) from being mistaken for it.
 */
export function sameNameModuloIds(a: string, b: string, pairs: readonly (readonly [string, string])[]): boolean {
  const [runsA, runsB] = [a.split(/(\d+)/), b.split(/(\d+)/)];
  if (runsA.length !== runsB.length) return false;
  return runsA.every((x, i) => {
    const y = runsB[i] as string;
    if (x === y) return true;
    if (i % 2 === 0) return false;
    return pairs.some(([s, r]) => x.endsWith(s) && y.endsWith(r) && stripZeros(x.slice(0, -s.length)) === stripZeros(y.slice(0, -r.length)));
  });
}

function normalised(record: ScontrolRecord): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, value] of record) {
    // slurmrestd (data_parser) sets OOMKillStep=0 where sbatch leaves it unset, so that scontrol shows it for REST jobs only.
    if (field === 'OOMKillStep' && value === '0') continue;
    if (DIFFERING.has(field)) continue;
    out.set(field, value);
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
  const [a, b] = [normalised(sbatch), normalised(rest)];
  const restIds = idsOf(rest);
  const pairs = idsOf(sbatch).map((id, i) => [id, restIds[i] ?? id] as const);
  const differences: FieldDifference[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const [x, y] = [a.get(field), b.get(field)];
    if (x === y || (TIMES.has(field) && x !== undefined && y !== undefined && closeTimes(x, y))) continue;
    if (PATHS.includes(field) && x !== undefined && y !== undefined && sameNameModuloIds(x, y, pairs)) continue;
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
