/** Stage that reports a code: the first thing a reader needs to know about it. */
export type CodeStage = 'script' | 'directive' | 'option' | 'value' | 'semantics' | 'spawn' | 'lint' | 'mapping' | 'cost';

export interface CodeEntry {
  stage: CodeStage;
  title: string;
  description: string;
}

/**
 * Every diagnostic code the parser and model report (lint rules describe themselves). Codes are
 * published: never rename or reuse one. docs/rules/<code>.md documents each.
 */
export const CODE_CATALOG: Record<string, CodeEntry> = {
  'empty-script': { stage: 'script', title: 'The script is empty', description: 'sbatch refuses an empty script ("Batch script is empty!").' },
  'whitespace-only-script': { stage: 'script', title: 'The script holds only whitespace', description: 'sbatch refuses a script with nothing but blanks and line breaks.' },
  'missing-shebang': { stage: 'script', title: 'No #! interpreter line', description: 'sbatch refuses a script whose first two bytes are not "#!" (a byte-order mark counts).' },
  'nul-byte': { stage: 'script', title: 'The script contains a NUL byte', description: 'sbatch refuses scripts with NUL bytes; the file is probably binary or UTF-16.' },
  'dos-line-breaks': { stage: 'script', title: 'DOS line breaks', description: 'sbatch refuses scripts with \\r\\n line breaks.' },
  'invalid-utf8': { stage: 'script', title: 'The script is not UTF-8', description: 'sbatch reads bytes; values with invalid UTF-8 are shown with replacement characters.' },
  'slurm-prefix': { stage: 'directive', title: '#SLURM instead of #SBATCH', description: 'sbatch applies #SLURM directives but asks to change them to #SBATCH.' },
  'unexpected-colon': { stage: 'directive', title: 'An argument starts with ":"', description: 'sbatch stops with "Unexpected `:`" when a directive argument starts with a colon.' },
  'unmatched-quote': { stage: 'directive', title: 'Unmatched quote', description: 'sbatch stops when a quote is not closed on the same line.' },
  'empty-argument-ends-line': { stage: 'directive', title: 'An empty argument ends the line', description: 'sbatch stops reading a directive line at an empty argument such as "" and silently drops the rest.' },
  'hetjob-mid-line': { stage: 'directive', title: 'hetjob in the middle of a line', description: 'hetjob after the first argument only ends the line; it starts no component.' },
  'hetjob-line-options-ignored': { stage: 'directive', title: 'Options after hetjob are ignored', description: 'sbatch ignores the rest of a hetjob separator line.' },
  'packjob-deprecated': { stage: 'directive', title: 'packjob is deprecated', description: 'The packjob separator is deprecated in favour of hetjob.' },
  'escaped-space': { stage: 'directive', title: 'Backslash-escaped space', description: 'A backslash-escaped space ends the argument in 22.05 and joins it from 24.05 on.' },
  'directive-after-command': { stage: 'directive', title: 'Directive after the first command', description: 'sbatch stops reading directives at the first command; later ones are silently ignored.' },
  'ignored-directive': { stage: 'directive', title: 'A directive sbatch reads as a comment', description: 'Indented, lower-case or spaced directives are comments to sbatch.' },
  'foreign-directive': { stage: 'directive', title: '#PBS or #BSUB directives', description: 'sbatch translates #PBS/#BSUB directives and lets them override #SBATCH; spawn-slurm does not translate them.' },
  'ignored-in-script': { stage: 'option', title: 'A command-line-only option in a script', description: 'sbatch ignores --wrap, -v, -Q, --help, --usage and -V inside a script.' },
  'ambiguous-option': { stage: 'option', title: 'Ambiguous option abbreviation', description: 'getopt_long refuses a prefix that matches several options.' },
  'unknown-option': { stage: 'option', title: 'Unknown option', description: 'sbatch refuses options it does not know.' },
  'option-not-in-release': { stage: 'option', title: 'Option not in this Slurm release', description: 'The option exists in other Slurm releases but not in the one targeted.' },
  'missing-argument': { stage: 'option', title: 'Option without its value', description: 'An option that needs a value was given none.' },
  'unexpected-argument': { stage: 'option', title: 'Value given to a flag', description: 'An option that takes no value was given one with "=".' },
  'unicode-dash': { stage: 'option', title: 'Typographic dash instead of "-"', description: 'An em/en dash or minus sign is not an option dash; sbatch refuses the directive.' },
  'invalid-directive': { stage: 'option', title: 'A word that is not an option', description: 'sbatch stops at the first directive argument that is not an option and refuses the script.' },
  'unexpected-cli-argument': { stage: 'option', title: 'Stray command-line argument', description: 'An argument after the script name is neither an sbatch option nor after "--".' },
  'memory-options-exclusive': { stage: 'semantics', title: '--mem, --mem-per-cpu and --mem-per-gpu together', description: 'sbatch refuses more than one memory option.' },
  'conflicting-options': { stage: 'semantics', title: 'Mutually exclusive options', description: 'sbatch refuses options that contradict each other.' },
  'hint-ignored': { stage: 'semantics', title: '--hint is ignored', description: '--hint loses against --ntasks-per-core, --threads-per-core and -B.' },
  'overridden-option': { stage: 'semantics', title: 'An option overridden by another', description: 'Two options set the same thing; the later one wins.' },
  'deadline-before-begin': { stage: 'semantics', title: '--deadline before --begin', description: 'sbatch refuses a deadline earlier than the begin time.' },
  'fewer-tasks-than-nodes': { stage: 'semantics', title: 'Fewer tasks than nodes', description: 'sbatch lowers the node count to the task count.' },
  'spawn-invalid-directive': { stage: 'spawn', title: 'Not a #SPAWN option', description: 'Every word of a #SPAWN directive must be one of its options.' },
  'spawn-unknown-option': { stage: 'spawn', title: 'Unknown #SPAWN option', description: 'The #SPAWN option is not known.' },
  'spawn-missing-value': { stage: 'spawn', title: '#SPAWN option without a value', description: 'The #SPAWN option needs a value.' },
  'spawn-invalid-value': { stage: 'spawn', title: 'Invalid #SPAWN value', description: 'The value of a #SPAWN option is not valid.' },
};
