import type { Analysis } from '../model/analyse.js';
import type { Diagnostic } from '../parser/diagnostic.js';
import { LINT_RULES } from './rules/index.js';

/** Findings of every lint rule; a script sbatch refuses gets none (its model is incomplete). */
export function lintRulesFor(analysis: Analysis): Diagnostic[] {
  if (!analysis.accepted) return [];
  return LINT_RULES.flatMap((rule) => rule.check(analysis));
}
