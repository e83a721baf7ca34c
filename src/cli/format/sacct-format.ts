import type { JobRow } from '../../store/job-rows.js';
import { sacctDuration, slurmTimestamp } from '../../core/slurm-times.js';

interface Column {
  header: string;
  width: number;
  value: (row: JobRow) => string;
  right?: boolean;
}

/** sacct's MaxRSS: KiB with a K suffix, larger units as sacct scales them. */
function maxRss(kib: number | null): string {
  if (kib === null) return '';
  if (kib >= 1048576) return `${(kib / 1048576).toFixed(2)}G`;
  if (kib >= 1024) return `${(kib / 1024).toFixed(2)}M`;
  return `${kib}K`;
}

const COLUMNS: Column[] = [
  { header: 'JobID', width: 12, value: (r) => r.jobId },
  { header: 'JobName', width: 10, value: (r) => r.name },
  { header: 'Partition', width: 10, value: (r) => r.partition },
  { header: 'State', width: 10, value: (r) => r.state },
  { header: 'ExitCode', width: 8, value: (r) => r.exitCode ?? '0:0', right: true },
  { header: 'Elapsed', width: 10, value: (r) => sacctDuration(r.elapsedSeconds), right: true },
  { header: 'Start', width: 19, value: (r) => slurmTimestamp(r.startTime) },
  { header: 'End', width: 19, value: (r) => slurmTimestamp(r.endTime) },
  { header: 'MaxRSS', width: 10, value: (r) => maxRss(r.maxRssKiB), right: true },
];

/** sacct's fixed-width table: a header, a line of dashes, fields cut to their width (sacct marks a cut with `+`). */
export function formatSacct(rows: readonly JobRow[], noHeader: boolean): string {
  const cell = (text: string, column: Column) => {
    const fitted = text.length > column.width ? `${text.slice(0, column.width - 1)}+` : text;
    return column.right ? fitted.padStart(column.width) : fitted.padEnd(column.width);
  };
  const lines: string[] = [];
  if (!noHeader) {
    lines.push(COLUMNS.map((c) => cell(c.header, c)).join(' '));
    lines.push(COLUMNS.map((c) => '-'.repeat(c.width)).join(' '));
  }
  for (const row of rows) lines.push(COLUMNS.map((c) => cell(c.value(row), c)).join(' '));
  return lines.map((l) => `${l.trimEnd()}\n`).join('');
}
