import type { Diagnostic, Severity } from '../../parser/diagnostic.js';

/**
 * A finding of the mapping stage. It is about the job as a whole (or about mapping.yaml), not about
 * one place in the script, so it carries the script's file and no range.
 */
export function planDiagnostic(file: string, severity: Severity, code: string, message: string, hint?: string): Diagnostic {
  return { code, severity, message, origin: { kind: 'file', file }, ...(hint ? { hint } : {}) };
}
