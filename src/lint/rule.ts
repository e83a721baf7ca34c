import type { Analysis } from '../model/analyse.js';
import type { Diagnostic, Severity } from '../parser/diagnostic.js';

/** A check beyond what sbatch itself makes: what hurts a job when it runs outside the cluster. */
export interface LintRule {
  code: string;
  severity: Severity;
  title: string;
  /** Why it matters, for docs and SARIF. */
  description: string;
  /** A script the rule reports, and one it does not: the rule's own test cases. */
  bad: string;
  good: string;
  check(analysis: Analysis): Diagnostic[];
}

/** The setting's range in the script, when the setting came from the script. */
export function scriptRange(analysis: Analysis, optionId: string): Diagnostic['range'] {
  const source = analysis.parsed.components[0]?.settings.get(optionId)?.source;
  return source?.kind === 'script' ? source.range : undefined;
}

export function ruleDiagnostic(rule: LintRule, analysis: Analysis, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code: rule.code, severity: rule.severity, message, origin: { kind: 'file', file: analysis.parsed.file }, ...extra };
}
