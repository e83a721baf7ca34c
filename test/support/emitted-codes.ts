/**
 * Finds the diagnostic codes the sources can emit by reading them, so that a code added later is
 * noticed by the tests without anyone remembering to register it. Codes are found where they are
 * built: `code: '…'` properties (and `code = '…'` defaults), and the code argument of every
 * function that takes a parameter named `code` (refusal(), note(), planDiagnostic(), …).
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';

/** Where diagnostics are built; relative to the repository root. Missing entries are skipped. */
const CODE_SOURCES = [
  'src/parser',
  'src/model',
  'src/lint/rules',
  'src/mapping/config',
  'src/mapping/select',
  'src/mapping/plan.ts',
  'src/mapping/catalog/load.ts',
  'src/cli',
  'src/estimate',
  'src/launch',
];

/** Issue codes of the zod schema library, which are not ours. */
const FOREIGN_CODES = new Set(['custom']);

const CODE_LITERAL = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface CodeSite {
  file: string;
  line: number;
}

export interface EmittedCodes {
  /** Concrete codes and where they are built. */
  literals: Map<string, CodeSite[]>;
  /** Codes built from a template literal, e.g. `invalid-${option}`, as written. */
  templates: Map<string, CodeSite[]>;
}

function sourceFiles(root: string, entry: string): string[] {
  const path = join(root, entry);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    return [];
  }
  if (stat.isFile()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => sourceFiles(root, join(entry, name)));
}

/** Blanks comments but keeps strings and line numbers. */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      const stop = stringEnd(text, i);
      out += text.slice(i, stop);
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the string literal starting at `start` (templates: nested ${…} included). */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\') i += 2;
    else if (quote === '`' && text[i] === '$' && text[i + 1] === '{') i = expressionEnd(text, i + 2) + 1;
    else i++;
  }
  return i + 1;
}

/** Index of the closing bracket that ends an expression starting at `start`, or of a top-level `,`. */
function expressionEnd(text: string, start: number, stopAtComma = false): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      i = stringEnd(text, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && ((stopAtComma && c === ',') || c === ';')) return i;
    i++;
  }
  return i;
}

/** The top-level comma-separated pieces of the list that starts just after an opening parenthesis. */
function listItems(text: string, start: number): { text: string; offset: number }[] {
  const items: { text: string; offset: number }[] = [];
  let i = start;
  for (;;) {
    const end = expressionEnd(text, i, true);
    items.push({ text: text.slice(i, end), offset: i });
    if (end >= text.length || text[end] !== ',') return items;
    i = end + 1;
  }
}

/** Names of functions with a parameter named `code`, and that parameter's position. */
function codeTakingFunctions(texts: string[]): Map<string, Set<number>> {
  const found = new Map<string, Set<number>>();
  const definition = /(?:function\s+([A-Za-z_$][\w$]*)\s*(?:<[^>(]*>)?\s*\(|(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?\()/g;
  for (const text of texts) {
    for (const match of text.matchAll(definition)) {
      const name = match[1] ?? match[2];
      if (!name) continue;
      const params = listItems(text, (match.index ?? 0) + match[0].length);
      const index = params.findIndex((p) => /^\s*code\s*[?]?\s*[:=]/.test(p.text));
      if (index < 0) continue;
      if (!found.has(name)) found.set(name, new Set());
      found.get(name)?.add(index);
    }
  }
  return found;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function record(into: Map<string, CodeSite[]>, code: string, site: CodeSite): void {
  if (!into.has(code)) into.set(code, []);
  into.get(code)?.push(site);
}

/** A literal compared with something (`x === 'a' ? … : …`) is a condition, not a code. */
function isCompared(expression: string, start: number, end: number): boolean {
  return /[=!]=\s*$/.test(expression.slice(0, start)) || /^\s*[=!]=/.test(expression.slice(end));
}

/** Every code literal and code template in one expression (a ternary yields both branches). */
function codesIn(expression: string): { literals: string[]; templates: string[] } {
  const literals: string[] = [];
  const templates: string[] = [];
  for (const m of expression.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`]*)`/g)) {
    if (isCompared(expression, m.index ?? 0, (m.index ?? 0) + m[0].length)) continue;
    const single = m[1] ?? m[2];
    if (single !== undefined && CODE_LITERAL.test(single)) literals.push(single);
    const template = m[3];
    if (template?.includes('${') && CODE_LITERAL.test(template.replace(/\$\{[^}]*\}/g, 'x'))) templates.push(template);
  }
  return { literals, templates };
}

export function collectEmittedCodes(root: string): EmittedCodes {
  const files = CODE_SOURCES.flatMap((entry) => sourceFiles(root, entry));
  const texts = files.map((f) => withoutComments(readFileSync(f, 'utf8')));
  const builders = codeTakingFunctions(texts);
  const literals = new Map<string, CodeSite[]>();
  const templates = new Map<string, CodeSite[]>();
  const take = (expression: string, file: string, text: string, offset: number) => {
    const site = { file: relative(root, file), line: lineOf(text, offset) };
    const found = codesIn(expression);
    for (const code of found.literals) if (!FOREIGN_CODES.has(code)) record(literals, code, site);
    for (const template of found.templates) record(templates, template, site);
  };
  files.forEach((file, n) => {
    const text = texts[n] as string;
    for (const m of text.matchAll(/\bcode\s*[?]?\s*(?::|=(?![=>]))\s*/g)) {
      const start = (m.index ?? 0) + m[0].length;
      // `code: string` and other type annotations hold no literal and yield nothing here
      take(text.slice(start, expressionEnd(text, start, true)), file, text, start);
    }
    for (const [name, positions] of builders) {
      // a call, or a spread of one (`...name(`), but not a method of something else (`x.name(`)
      for (const m of text.matchAll(new RegExp(`(?<![\\w$])(?<![^.]\\.)${name.replace(/\$/g, '\\$')}\\s*\\(`, 'g'))) {
        const args = listItems(text, (m.index ?? 0) + m[0].length);
        for (const position of positions) {
          const arg = args[position];
          // a bare literal or a ternary of literals; anything else passes a code through
          if (arg && /^\s*(?:['"`]|[\w$.!]+\s*\?)/.test(arg.text)) take(arg.text, file, text, arg.offset);
        }
      }
    }
  });
  return { literals, templates };
}
