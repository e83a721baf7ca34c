import type { FileReport, LocatedDiagnostic } from './located.js';
import { describeOrigin } from './located.js';

export interface TextStyle {
  severity(severity: LocatedDiagnostic['severity'], text: string): string;
  dim(text: string): string;
}

const plainStyle: TextStyle = { severity: (_s, text) => text, dim: (text) => text };

/**
 * `file:line:col severity code message`, one per line, each hint on the next line after two spaces. A
 * finding about the job as a whole, or from outside the file (environment, command line), has no line:
 * `file: severity code message`.
 */
export function formatText(reports: readonly FileReport[], style: TextStyle = plainStyle): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) {
      const origin = describeOrigin(d.origin);
      const message = origin ? `${d.message} [${origin}]` : d.message;
      const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : `${d.file}:`;
      lines.push(`${where} ${style.severity(d.severity, d.severity)} ${d.code} ${message}`);
      if (d.hint) lines.push(style.dim(`  hint: ${d.hint}`));
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export interface Tally {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  refused: number;
}

export function tally(reports: readonly FileReport[]): Tally {
  const result: Tally = { files: reports.length, errors: 0, warnings: 0, infos: 0, refused: 0 };
  for (const report of reports) {
    if (!report.accepted) result.refused++;
    for (const d of report.diagnostics) {
      if (d.severity === 'error') result.errors++;
      else if (d.severity === 'warning') result.warnings++;
      else result.infos++;
    }
  }
  return result;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatSummary(t: Tally): string {
  const parts = [plural(t.errors, 'error'), plural(t.warnings, 'warning')];
  if (t.infos > 0) parts.push(`${t.infos} info`);
  const refused = t.refused > 0 ? `; sbatch would refuse ${plural(t.refused, 'script')}` : '';
  return `${parts.join(', ')} in ${plural(t.files, 'file')}${refused}`;
}
