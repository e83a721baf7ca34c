import type { Diagnostic } from './diagnostic.js';
import type { DirectiveLine, IgnoredDirective } from './scanner.js';
import type { SlurmRelease } from './slurm-release.js';
import { releaseAtLeast } from './slurm-release.js';

/** What sbatch does with the way a directive line is written, beyond the options on it. */
export function lineDiagnostics(line: DirectiveLine, text: string, file: string, release: SlurmRelease, fileLabel: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const origin = { kind: 'file', file } as const;
  const stop = line.tokenized.stop;
  const rest = (from: number) => text.slice(from, line.lineEnd);

  if (line.prefix === '#SLURM') {
    found.push({
      code: 'slurm-prefix',
      severity: 'warning',
      message: 'sbatch accepts #SLURM but prints "Change from #SLURM to #SBATCH in your script"',
      hint: 'write #SBATCH',
      origin,
      range: { start: line.lineStart, end: line.lineStart + 6 },
      fix: [{ range: { start: line.lineStart, end: line.lineStart + 6 }, text: '#SBATCH' }],
    });
  }

  switch (stop.kind) {
    case 'unexpected-colon':
      found.push({
        code: 'unexpected-colon',
        severity: 'error',
        message: `sbatch stops with "${fileLabel}: line ${line.line}: Unexpected \`:\` in [${rest(line.lineStart + line.prefix.length).trim()}]"`,
        hint: 'an argument may not start with ":"; heterogeneous components are separated by a "#SBATCH hetjob" line',
        origin,
        range: { start: stop.at, end: stop.at + 1 },
        refusedBySbatch: true,
      });
      break;
    case 'unmatched-quote':
      found.push({
        code: 'unmatched-quote',
        severity: 'error',
        message: `sbatch stops with "${fileLabel}: line ${line.line}: Unmatched \`${stop.quote}\`"`,
        hint: `close the ${stop.quote === '"' ? 'double' : 'single'} quote on the same line, or escape it as \\${stop.quote}`,
        origin,
        range: { start: stop.at, end: line.lineEnd },
        refusedBySbatch: true,
      });
      break;
    case 'empty-token': {
      const after = rest(stop.end).trim();
      if (after.length > 0 && !after.startsWith('#')) {
        found.push({
          code: 'empty-argument-ends-line',
          severity: 'warning',
          message: `sbatch stops reading the line at an empty argument, so "${after}" is silently ignored`,
          hint: 'remove the empty quotes, or put the remaining options on their own #SBATCH line',
          origin,
          range: { start: stop.at, end: line.lineEnd },
        });
      }
      break;
    }
    case 'separator': {
      const after = rest(stop.at + stop.word.length).trim();
      if (!stop.first) {
        found.push({
          code: 'hetjob-mid-line',
          severity: 'warning',
          message: `sbatch reads "${stop.word}" after the first argument as the end of the line: it starts no new component and "${after}" is ignored`,
          hint: `put "#SBATCH ${stop.word}" on a line of its own`,
          origin,
          range: { start: stop.at, end: line.lineEnd },
        });
      } else if (after.length > 0 && !after.startsWith('#')) {
        found.push({
          code: 'hetjob-line-options-ignored',
          severity: 'warning',
          message: `sbatch ignores everything after "${stop.word}" on its line, so "${after}" does not apply to the new component`,
          hint: 'put the options of the new component on the following #SBATCH lines',
          origin,
          range: { start: stop.at + stop.word.length, end: line.lineEnd },
        });
      }
      if (stop.word === 'packjob') {
        found.push({
          code: 'packjob-deprecated',
          severity: 'warning',
          message: 'sbatch warns that the "packjob" component separator is deprecated',
          hint: 'write "hetjob"',
          origin,
          range: { start: stop.at, end: stop.at + 7 },
          fix: [{ range: { start: stop.at, end: stop.at + 7 }, text: 'hetjob' }],
        });
      }
      break;
    }
    default:
      break;
  }

  for (const at of line.tokenized.escapedSpaces) {
    const joins = releaseAtLeast(release, '24.05');
    found.push({
      code: 'escaped-space',
      severity: joins ? 'info' : 'warning',
      message: joins
        ? 'a backslash-escaped space joins the argument from Slurm 24.05 on, but ends it in older releases'
        : 'in Slurm 22.05 a backslash-escaped space still ends the argument (24.05 and later keep the space)',
      hint: 'quote the value instead: --job-name="my job"',
      origin,
      range: { start: at, end: at + 2 },
    });
  }
  return found;
}

const IGNORED_MESSAGES: Record<IgnoredDirective['reason'], { severity: Diagnostic['severity']; message: string; hint: string }> = {
  'after-command': {
    severity: 'warning',
    message: 'sbatch stops reading directives at the first command, so this directive is silently ignored',
    hint: 'move this directive above the first command',
  },
  indented: {
    severity: 'warning',
    message: 'an indented directive is a comment to sbatch and is silently ignored',
    hint: 'start the directive at column 1',
  },
  'space-after-hash': {
    severity: 'warning',
    message: 'with a space after "#" this is a comment to sbatch and is silently ignored',
    hint: 'remove the space',
  },
  'wrong-case': {
    severity: 'warning',
    message: 'directives are case-sensitive: sbatch reads this as a comment and silently ignores it',
    hint: 'write the prefix in capitals',
  },
  'doubled-hash': {
    severity: 'info',
    message: 'this directive is switched off (sbatch reads "##" as a comment)',
    hint: 'remove one "#" to switch it on',
  },
};

export function ignoredDirectiveDiagnostic(ignored: IgnoredDirective, text: string, file: string): Diagnostic {
  const { severity, message, hint } = IGNORED_MESSAGES[ignored.reason];
  const diagnostic: Diagnostic = {
    code: ignored.reason === 'after-command' ? 'directive-after-command' : 'ignored-directive',
    severity,
    message: `${ignored.prefix}: ${message}`,
    hint,
    origin: { kind: 'file', file },
    range: { start: ignored.prefixStart, end: ignored.lineEnd },
  };
  if (ignored.reason === 'indented' || ignored.reason === 'space-after-hash' || ignored.reason === 'wrong-case') {
    const canonical = ignored.prefix.toUpperCase();
    const restStart = ignored.prefixEnd;
    const rest = text.slice(restStart, ignored.lineEnd).replace(/^\s*/, ' ');
    diagnostic.fix = [{ range: { start: ignored.lineStart, end: ignored.lineEnd }, text: `${canonical}${rest}` }];
  }
  return diagnostic;
}
