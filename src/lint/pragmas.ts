import type { Diagnostic } from '../parser/diagnostic.js';
import { LineIndex } from '../parser/line-index.js';

/**
 * `# spawn-slurm disable=code[,code…] [-- reason]` silences those codes on the next line that is
 * not itself a pragma; `# spawn-slurm disable-file=…` silences them in the whole script; `all`
 * stands for every code. Pragmas are plain comments, so they do not end sbatch's directive block.
 */
export interface Pragmas {
  file: Set<string>;
  /** 1-based line → codes silenced on it. */
  lines: Map<number, Set<string>>;
}

const PRAGMA = /^#[ \t]*spawn-slurm[ \t]+(disable|disable-file)=([A-Za-z0-9,_-]+)/;

function readPragmas(text: string): Pragmas {
  const pragmas: Pragmas = { file: new Set(), lines: new Map() };
  if (!text.includes('spawn-slurm')) return pragmas;
  const lines = text.split('\n');
  let pending: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = PRAGMA.exec(lines[i] as string);
    if (match) {
      const codes = (match[2] as string).split(',').filter((c) => c.length > 0);
      if (match[1] === 'disable-file') for (const c of codes) pragmas.file.add(c);
      else pending.push(...codes);
      continue;
    }
    if (pending.length > 0) {
      pragmas.lines.set(i + 1, new Set(pending));
      pending = [];
    }
  }
  return pragmas;
}

/** The diagnostics that no pragma silences. */
export function applyPragmas(diagnostics: Diagnostic[], text: string, _file: string): Diagnostic[] {
  const pragmas = readPragmas(text);
  if (pragmas.file.size === 0 && pragmas.lines.size === 0) return diagnostics;
  const index = new LineIndex(text);
  return diagnostics.filter((d) => {
    if (pragmas.file.has('all') || pragmas.file.has(d.code)) return false;
    if (!d.range) return true;
    const silenced = pragmas.lines.get(index.position(d.range.start).line);
    return !(silenced && (silenced.has('all') || silenced.has(d.code)));
  });
}
