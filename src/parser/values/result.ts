/**
 * The outcome of one value parser. Value parsers are small pure functions: they never throw and
 * never look at the clock, the environment or the filesystem unless it is passed in.
 */
export interface ValueProblem {
  /** Stable kebab-case diagnostic code, e.g. `invalid-time`. */
  code: string;
  severity: 'error' | 'warning' | 'info';
  /** What sbatch does with this value, in words a user understands. */
  message: string;
  /** How to fix it, when a fix is known. */
  hint?: string;
  /** True when sbatch of the target release refuses the script because of this value. */
  refusedBySbatch: boolean;
  /** Where inside the value string the problem sits (UTF-16 offsets, end exclusive), when known. */
  at?: { start: number; end: number };
}

export type Parsed<T> = { ok: true; value: T; notes: ValueProblem[] } | { ok: false; problems: ValueProblem[] };

export function ok<T>(value: T, notes: ValueProblem[] = []): Parsed<T> {
  return { ok: true, value, notes };
}

export function fail<T = never>(...problems: ValueProblem[]): Parsed<T> {
  return { ok: false, problems };
}

/** A problem that makes sbatch refuse the script. */
export function refusal(code: string, message: string, hint?: string, at?: ValueProblem['at']): ValueProblem {
  return { code, severity: 'error', message, refusedBySbatch: true, ...(hint ? { hint } : {}), ...(at ? { at } : {}) };
}

/** A problem sbatch lets through (it accepts the value), reported at the given severity. */
export function note(code: string, severity: ValueProblem['severity'], message: string, hint?: string, at?: ValueProblem['at']): ValueProblem {
  return { code, severity, message, refusedBySbatch: false, ...(hint ? { hint } : {}), ...(at ? { at } : {}) };
}
