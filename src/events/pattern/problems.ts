import { formatPatternPath, type PatternPath } from './pattern-path.js';

/** Why part of a pattern is not one EventBridge would accept: where (inside the pattern), what, and how to fix it. */
export interface PatternProblem {
  path: PatternPath;
  message: string;
  hint?: string;
}

export function problemAt(path: PatternPath, message: string, hint?: string): PatternProblem {
  return hint ? { path, message, hint } : { path, message };
}

/** `detail.state: a pattern's leaf must be …`. */
export function formatPatternProblem(problem: PatternProblem): string {
  return `${formatPatternPath(problem.path)}: ${problem.message}`;
}
