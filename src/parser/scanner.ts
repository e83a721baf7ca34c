import type { SlurmRelease } from './slurm-release.js';
import { isCSpace, tokenizeDirective, type TokenizedLine } from './tokenizer.js';

export type DirectivePrefix = '#SBATCH' | '#SLURM' | '#SPAWN';

/** A directive line of the header block, already split into arguments. */
export interface DirectiveLine {
  prefix: DirectivePrefix;
  /** 1-based line number. */
  line: number;
  lineStart: number;
  lineEnd: number;
  /** Heterogeneous job component this line belongs to (0 for ordinary jobs). */
  component: number;
  tokenized: TokenizedLine;
}

/** A line that looks like a directive but that sbatch reads as a comment or never reaches. */
export interface IgnoredDirective {
  reason: 'after-command' | 'indented' | 'space-after-hash' | 'wrong-case' | 'doubled-hash';
  prefix: string;
  line: number;
  lineStart: number;
  lineEnd: number;
  /** Where the look-alike prefix starts. */
  prefixStart: number;
  prefixEnd: number;
}

export interface ScanResult {
  directives: DirectiveLine[];
  ignored: IgnoredDirective[];
  /** Number of heterogeneous job components (1 for an ordinary job). */
  componentCount: number;
  /** The line that ended the directive block, if any. */
  firstCommand: { line: number; start: number; end: number } | null;
  /** `#PBS` / `#BSUB` lines sbatch would translate (it scans those beyond the first command). */
  foreignDirectives: { dialect: 'PBS' | 'BSUB'; line: number; start: number; end: number }[];
}

// Only a look-alike followed by an option counts: `# SLURM settings` is an ordinary comment.
const LOOKALIKE = /^(\s*)(#+)(\s*)(sbatch|slurm|spawn)(?=\s+-)/i;

function prefixOf(text: string, pos: number): DirectivePrefix | null {
  if (text.startsWith('#SBATCH', pos)) return '#SBATCH';
  if (text.startsWith('#SLURM', pos)) return '#SLURM';
  if (text.startsWith('#SPAWN', pos)) return '#SPAWN';
  return null;
}

/** Is this line something sbatch stops at: neither blank nor (after blanks) a `#` comment? */
function isCommandLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isCSpace(code)) continue;
    return code !== 35;
  }
  return false;
}

function classifyLookalike(lineText: string): { reason: IgnoredDirective['reason']; start: number; end: number; prefix: string } | null {
  const match = LOOKALIKE.exec(lineText);
  if (!match) return null;
  const [whole, indent = '', hashes = '', gap = '', word = ''] = match;
  const start = indent.length;
  const end = whole.length;
  const prefix = `#${word}`;
  if (hashes.length > 1) {
    // `##SBATCH` is the usual way to switch a directive off on purpose.
    return { reason: 'doubled-hash', start, end, prefix };
  }
  if (indent.length > 0) return { reason: 'indented', start, end, prefix };
  if (gap.length > 0) return { reason: 'space-after-hash', start, end, prefix };
  if (word !== word.toUpperCase()) return { reason: 'wrong-case', start, end, prefix };
  return null;
}

/**
 * Reads the directive block the way sbatch's _opt_batch_script() does: `#SBATCH` (and `#SLURM`) at
 * column 0 are directives, blank lines and `#` comments are skipped, and the first other line ends
 * the block for good. `#SPAWN` directives follow the same rule (to sbatch they are comments).
 */
export function scanScript(text: string, release: SlurmRelease): ScanResult {
  const directives: DirectiveLine[] = [];
  const ignored: IgnoredDirective[] = [];
  const foreignDirectives: ScanResult['foreignDirectives'] = [];
  let component = 0;
  let firstCommand: ScanResult['firstCommand'] = null;
  let lineNumber = 0;
  let lineStart = 0;

  while (lineStart <= text.length) {
    lineNumber++;
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (lineStart === text.length && newline === -1) break;

    const prefix = prefixOf(text, lineStart);
    if (prefix) {
      const tokenized = tokenizeDirective(text, lineStart + prefix.length, lineEnd, release, prefix !== '#SPAWN');
      const stop = tokenized.stop;
      if (prefix !== '#SPAWN' && stop.kind === 'separator' && stop.first) component++;
      directives.push({ prefix, line: lineNumber, lineStart, lineEnd, component, tokenized });
    } else if (isCommandLine(text, lineStart, lineEnd)) {
      firstCommand = { line: lineNumber, start: lineStart, end: lineEnd };
      break;
    } else {
      noteCommentLine(text, lineStart, lineEnd, lineNumber, ignored, foreignDirectives);
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }

  if (firstCommand) scanAfterCommand(text, firstCommand.end, lineNumber, ignored, foreignDirectives);
  return { directives, ignored, componentCount: component + 1, firstCommand, foreignDirectives };
}

function noteCommentLine(text: string, lineStart: number, lineEnd: number, lineNumber: number, ignored: IgnoredDirective[], foreign: ScanResult['foreignDirectives']): void {
  if (text.charCodeAt(lineStart) === 35) {
    if (text.startsWith('#PBS', lineStart)) foreign.push({ dialect: 'PBS', line: lineNumber, start: lineStart, end: lineEnd });
    else if (text.startsWith('#BSUB', lineStart)) foreign.push({ dialect: 'BSUB', line: lineNumber, start: lineStart, end: lineEnd });
  }
  const head = text.slice(lineStart, Math.min(lineEnd, lineStart + 64));
  const lookalike = classifyLookalike(head);
  if (lookalike) {
    ignored.push({
      reason: lookalike.reason,
      prefix: lookalike.prefix,
      line: lineNumber,
      lineStart,
      lineEnd,
      prefixStart: lineStart + lookalike.start,
      prefixEnd: lineStart + lookalike.end,
    });
  }
}

/** Finds column-0 directives after the first command without walking every line of a long body. */
function scanAfterCommand(text: string, from: number, commandLine: number, ignored: IgnoredDirective[], foreign: ScanResult['foreignDirectives']): void {
  const pattern = /\n(#SBATCH|#SLURM|#SPAWN|#PBS|#BSUB)/g;
  pattern.lastIndex = from;
  let line = commandLine;
  let counted = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    for (let i = text.indexOf('\n', counted); i !== -1 && i <= match.index; i = text.indexOf('\n', i + 1)) {
      line++;
      counted = i + 1;
    }
    const start = match.index + 1;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const prefix = match[1] as string;
    if (prefix === '#PBS' || prefix === '#BSUB') {
      foreign.push({ dialect: prefix === '#PBS' ? 'PBS' : 'BSUB', line, start, end });
    } else {
      ignored.push({ reason: 'after-command', prefix, line, lineStart: start, lineEnd: end, prefixStart: start, prefixEnd: start + prefix.length });
    }
  }
}
