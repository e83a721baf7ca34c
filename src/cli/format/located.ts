import type { Diagnostic, Origin, Severity } from '../../parser/diagnostic.js';
import { severityRank } from '../../parser/diagnostic.js';
import { LineIndex } from '../../parser/line-index.js';

/** A diagnostic with its position turned into lines and columns, ready for any output format. */
export interface LocatedDiagnostic {
  file: string;
  /** 1-based; 0 when the problem is not in the file (an environment variable, a command-line argument). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  hint?: string;
  origin: Origin;
  refusedBySbatch: boolean;
  fix?: { line: number; column: number; endLine: number; endColumn: number; text: string }[];
}

/** One checked file and what was found in it. */
export interface FileReport {
  file: string;
  /** sbatch would accept the script (no diagnostic it refuses). */
  accepted: boolean;
  diagnostics: LocatedDiagnostic[];
}

export function locate(diagnostics: readonly Diagnostic[], file: string, text: string): LocatedDiagnostic[] {
  let index: LineIndex | undefined;
  const located = diagnostics.map((d): LocatedDiagnostic => {
    const result: LocatedDiagnostic = {
      file,
      line: 0,
      column: 0,
      endLine: 0,
      endColumn: 0,
      severity: d.severity,
      code: d.code,
      message: d.message,
      origin: d.origin,
      refusedBySbatch: d.refusedBySbatch === true,
    };
    if (d.hint) result.hint = d.hint;
    if (!d.range) return result;
    index ??= new LineIndex(text);
    const start = index.position(d.range.start);
    const end = index.position(Math.max(d.range.start, d.range.end));
    result.line = start.line;
    result.column = start.column;
    result.endLine = end.line;
    result.endColumn = end.column;
    if (d.fix) {
      const lines = index;
      result.fix = d.fix.map((edit) => {
        const from = lines.position(edit.range.start);
        const to = lines.position(edit.range.end);
        return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, text: edit.text };
      });
    }
    return result;
  });
  return sortDiagnostics(located);
}

/** By line, then column, then severity (worst first), then code: a fixed order for golden output. */
function sortDiagnostics(diagnostics: LocatedDiagnostic[]): LocatedDiagnostic[] {
  return diagnostics.sort(
    (a, b) => a.line - b.line || a.column - b.column || severityRank(b.severity) - severityRank(a.severity) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message),
  );
}

/** Where a diagnostic that is not in the file came from, for messages. */
export function describeOrigin(origin: Origin): string | undefined {
  switch (origin.kind) {
    case 'env':
      return `environment variable ${origin.name}`;
    case 'cli':
      return `command-line argument ${origin.arg}`;
    case 'file':
      return undefined;
  }
}
