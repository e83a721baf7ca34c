import { analyseScript } from '../../model/analyse.js';
import type { Severity } from '../../parser/diagnostic.js';
import { severityRank } from '../../parser/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { locate, type FileReport } from '../format/located.js';
import { formatGithub } from '../format/github.js';
import { formatJson } from '../format/json.js';
import { formatSarif } from '../format/sarif.js';
import { formatSummary, formatText, tally } from '../format/text.js';
import { findScripts } from '../find-scripts.js';
import { readScript } from '../read-script.js';
import { countFrom, parseOptionsFrom } from '../script-options.js';
import { VERSION } from '../version.js';
import { lintRulesFor } from '../../lint/run-rules.js';
import { ruleInfo } from '../../lint/codes.js';
import { applyPragmas } from '../../lint/pragmas.js';

interface LintOptions {
  format?: string;
  strict?: boolean;
  maxWarnings?: string;
  severity?: string;
  slurmRelease?: string;
  maxArraySize?: string;
  cloud?: boolean;
  inlineConfig?: boolean;
}

export async function lintFile(file: string, opts: LintOptions): Promise<FileReport> {
  const loaded = await readScript(file);
  const analysis = analyseScript(loaded, parseOptionsFrom(file, opts, []), loaded.diagnostics);
  const diagnostics = [...analysis.diagnostics, ...lintRulesFor(analysis)];
  const kept = opts.inlineConfig === false ? diagnostics : applyPragmas(diagnostics, loaded.text, file);
  const minimum = severityRank((opts.severity ?? 'info') as Severity);
  const shown = kept.filter((d) => severityRank(d.severity) >= minimum);
  return { file, accepted: analysis.accepted, diagnostics: locate(shown, file, loaded.text) };
}

export async function runLint(paths: string[], opts: LintOptions): Promise<number> {
  const maxWarnings = countFrom(opts.maxWarnings, '--max-warnings');
  const files = await findScripts(paths);
  if (files.length === 0) throw new UsageError(`no batch scripts found in ${paths.join(' ')}`, 'give script files, directories or quoted globs such as "jobs/**/*.sbatch"');

  const reports: FileReport[] = [];
  for (const file of files) reports.push(await lintFile(file, opts));

  switch (opts.format ?? 'text') {
    case 'json':
      process.stdout.write(formatJson(reports));
      break;
    case 'sarif':
      process.stdout.write(formatSarif(reports, VERSION, ruleInfo));
      break;
    case 'github':
      process.stdout.write(formatGithub(reports));
      break;
    default:
      process.stdout.write(formatText(reports));
  }
  const counts = tally(reports);
  if (opts.format === 'text' || opts.format === undefined) process.stderr.write(`${formatSummary(counts)}\n`);
  if (counts.errors > 0) return 1;
  if (opts.strict && counts.warnings > 0) return 1;
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) return 1;
  return 0;
}
