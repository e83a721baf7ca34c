/**
 * The one record every stage reports problems with. Positions are UTF-16 offsets into the text
 * the diagnostic is about; line and column are computed only when a formatter needs them.
 */
export type Severity = 'error' | 'warning' | 'info' | 'style';

export interface TextRange {
  /** Offset of the first character (UTF-16 code units, 0-based). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** One replacement that fixes (part of) the problem. */
export interface Edit {
  range: TextRange;
  text: string;
}

/**
 * Where the offending input came from. Script and config diagnostics carry a range into that file;
 * environment variables and command-line arguments have no position in any file.
 */
export type Origin = { kind: 'file'; file: string } | { kind: 'env'; name: string } | { kind: 'cli'; index: number; arg: string };

export interface Diagnostic {
  /** Stable kebab-case id, never renamed or reused once published. */
  code: string;
  severity: Severity;
  /** What happens (what sbatch would do, what the tool will do), in a user's words. */
  message: string;
  /** How to fix it, when a fix is known. */
  hint?: string;
  origin: Origin;
  /** Present for `file` origins. */
  range?: TextRange;
  /** True when sbatch itself (of the target release) refuses the script because of this. */
  refusedBySbatch?: boolean;
  /** Edits that fix the problem automatically, when one is safe. */
  fix?: Edit[];
}

export function severityRank(severity: Severity): number {
  switch (severity) {
    case 'error':
      return 3;
    case 'warning':
      return 2;
    case 'info':
      return 1;
    case 'style':
      return 0;
  }
}
