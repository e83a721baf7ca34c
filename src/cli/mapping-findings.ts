import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../parser/diagnostic.js';
import { locate, type LocatedDiagnostic } from './format/located.js';

/** mapping.yaml findings carry offsets into that file: its text turns them into lines and columns. */
export function locateMappingFindings(diagnostics: readonly Diagnostic[], path: string | undefined): LocatedDiagnostic[] {
  if (!path || diagnostics.length === 0) return [];
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // An unreadable file is itself the finding; it has no position to locate.
  }
  return locate(diagnostics, path, text);
}
