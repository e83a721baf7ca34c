import type { FileReport } from './located.js';
import { tally } from './text.js';

/** Machine-readable lint output (version 1): stable field names, files in the order given. */
export function formatJson(reports: readonly FileReport[]): string {
  const summary = tally(reports);
  const body = {
    version: 1,
    summary,
    files: reports.map((r) => ({
      file: r.file,
      accepted: r.accepted,
      diagnostics: r.diagnostics.map((d) => ({
        severity: d.severity,
        code: d.code,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        message: d.message,
        ...(d.hint ? { hint: d.hint } : {}),
        ...(d.origin.kind !== 'file' ? { origin: d.origin } : {}),
        ...(d.refusedBySbatch ? { refusedBySbatch: true } : {}),
        ...(d.fix ? { fix: d.fix } : {}),
      })),
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
