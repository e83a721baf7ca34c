import type { Diagnostic } from '../parser/diagnostic.js';
import { parseScript, type ParseOptions, type ParsedScript } from '../parser/parse-script.js';
import { resolveJob, type ScriptSource } from './resolve.js';
import type { JobSpec } from './schema.js';

export interface Analysis {
  parsed: ParsedScript;
  job: JobSpec;
  /** Parser and model findings together. */
  diagnostics: Diagnostic[];
  /** sbatch would accept the script. */
  accepted: boolean;
}

/** Parser then model, in one call: the front half every command shares. Pure. */
export function analyseScript(source: ScriptSource, options: ParseOptions, extraDiagnostics: Diagnostic[] = []): Analysis {
  const parsed = parseScript(source.text, options);
  const { job, diagnostics } = resolveJob(parsed, source);
  const all = [...extraDiagnostics, ...parsed.diagnostics, ...diagnostics];
  return { parsed, job, diagnostics: all, accepted: !all.some((d) => d.refusedBySbatch === true) };
}
