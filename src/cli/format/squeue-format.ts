import type { JobRow } from '../../store/job-rows.js';
import { STATE_CODES } from '../../store/job-rows.js';
import { slurmTimestamp, squeueDuration, timeLimitText } from '../../core/slurm-times.js';

/** squeue's default `-o` format. */
export const DEFAULT_SQUEUE_FORMAT = '%.18i %.9P %.8j %.8u %.2t %.10M %.6D %R';

interface Field {
  header: string;
  value: (row: JobRow) => string;
}

const reasonOrNodes = (row: JobRow) => (row.state === 'PENDING' ? `(${row.reason ?? 'None'})` : (row.nodeList ?? ''));

/** The `%` letters of squeue -o that spawn-slurm knows, with squeue's headers. */
const FIELDS: Record<string, Field> = {
  i: { header: 'JOBID', value: (r) => r.jobId },
  A: { header: 'JOBID', value: (r) => String(r.taskJobId) },
  F: { header: 'ARRAY_JOB_ID', value: (r) => String(r.arrayJobId) },
  K: { header: 'ARRAY_TASK_ID', value: (r) => r.pendingIndices ?? (r.arrayTaskId === null ? 'N/A' : String(r.arrayTaskId)) },
  P: { header: 'PARTITION', value: (r) => r.partition },
  j: { header: 'NAME', value: (r) => r.name },
  u: { header: 'USER', value: (r) => r.user },
  t: { header: 'ST', value: (r) => STATE_CODES[r.state] },
  T: { header: 'STATE', value: (r) => r.state },
  M: { header: 'TIME', value: (r) => squeueDuration(r.elapsedSeconds) },
  l: { header: 'TIME_LIMIT', value: (r) => timeLimitText(r.timeLimitMinutes, 'squeue') },
  D: { header: 'NODES', value: (r) => String(r.nodes) },
  C: { header: 'CPUS', value: (r) => String(r.cpus) },
  R: { header: 'NODELIST(REASON)', value: reasonOrNodes },
  N: { header: 'NODELIST', value: (r) => r.nodeList ?? '' },
  r: { header: 'REASON', value: (r) => r.reason ?? 'None' },
  S: { header: 'START_TIME', value: (r) => (r.startTime ? slurmTimestamp(r.startTime) : 'N/A') },
  V: { header: 'SUBMIT_TIME', value: (r) => slurmTimestamp(r.submitTime) },
  Z: { header: 'WORK_DIR', value: (r) => r.workDir },
};

type Piece = { literal: string } | { field: Field; width: number | null; right: boolean };

/** Reads a squeue format: `%[.][width]letter`, anything else printed as is; unknown letters are an error. */
export function parseSqueueFormat(format: string): Piece[] | { error: string } {
  const pieces: Piece[] = [];
  const pattern = /%(\.?)(\d*)(.)|([^%]+)/g;
  for (const m of format.matchAll(pattern)) {
    if (m[4] !== undefined) {
      pieces.push({ literal: m[4] });
      continue;
    }
    if (m[3] === '%') {
      pieces.push({ literal: '%' });
      continue;
    }
    const field = FIELDS[m[3] as string];
    if (!field) return { error: `unknown or unsupported squeue field %${m[3]} (supported: ${Object.keys(FIELDS).join(' ')})` };
    pieces.push({ field, width: m[2] ? Number(m[2]) : null, right: m[1] === '.' });
  }
  return pieces;
}

function fit(text: string, width: number | null, right: boolean): string {
  if (width === null) return text;
  const cut = text.length > width ? text.slice(0, width) : text;
  return right ? cut.padStart(width) : cut.padEnd(width);
}

/** Lines as squeue prints them: fixed widths, fields cut to their width, the header unless `noHeader`. */
export function formatSqueue(rows: readonly JobRow[], pieces: readonly Piece[], noHeader: boolean): string {
  const line = (value: (field: Field) => string) =>
    pieces
      .map((p) => ('literal' in p ? p.literal : fit(value(p.field), p.width, p.right)))
      .join('')
      .replace(/\s+$/, '');
  const lines = noHeader ? [] : [line((f) => f.header)];
  for (const row of rows) lines.push(line((f) => f.value(row)));
  return lines.map((l) => `${l}\n`).join('');
}
