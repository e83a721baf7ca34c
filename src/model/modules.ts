/**
 * The environment modules a batch script loads: `module load X Y`, `module add X`, `ml X`, in the
 * order they are first loaded, minus those unloaded again. Read from the script body line by line,
 * the way a reader would, not by running a shell: a `module load` inside a branch counts, and module
 * names built from variables are kept as written.
 */

/** Lmod and Environment Modules subcommands that load their arguments. */
const LOAD = new Set(['load', 'add', 'try-load', 'try-add']);
const UNLOAD = new Set(['unload', 'rm', 'del', 'remove']);
const SWAP = new Set(['swap', 'switch', 'sw']);
const PURGE = new Set(['purge']);
/** `ml` with one of these as its first word runs that subcommand instead of loading. */
const ML_SUBCOMMANDS = new Set([
  ...LOAD,
  ...UNLOAD,
  ...SWAP,
  ...PURGE,
  'av',
  'avail',
  'spider',
  'list',
  'show',
  'display',
  'help',
  'whatis',
  'keyword',
  'save',
  'restore',
  'savelist',
  'use',
  'unuse',
  'reset',
  'refresh',
  'update',
  'describe',
  'is-loaded',
  'is-avail',
]);

/** Where a simple command ends: shell control operators and a comment. */
const COMMAND_END = /(?:;|&&|\|\||\||&|\s#).*$/;

function words(command: string): string[] {
  return command
    .replace(COMMAND_END, '')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0 && !/^\d*[<>]/.test(w))
    .map((w) => w.replace(/^(['"])(.*)\1$/, '$2'));
}

/** Words that may come before a command on the same line: `then module load x`, `{ ml x; }`. */
const LEADING_KEYWORDS = new Set(['then', 'do', 'else', '{', '(', '!']);

function commandWords(command: string): string[] {
  const all = words(command);
  let start = 0;
  while (start < all.length && LEADING_KEYWORDS.has(all[start] as string)) start++;
  return all.slice(start);
}

/** What one `module …`/`ml …` command does to the list of loaded modules. */
type ModuleAction = { kind: 'load' | 'unload'; names: string[] } | { kind: 'swap'; from: string; to: string } | { kind: 'purge' };

function moduleAction(args: string[]): ModuleAction | undefined {
  const operands = args.filter((a) => !a.startsWith('-'));
  const [sub, ...rest] = operands;
  if (sub === undefined) return undefined;
  if (LOAD.has(sub)) return { kind: 'load', names: rest };
  if (UNLOAD.has(sub)) return { kind: 'unload', names: rest };
  if (PURGE.has(sub)) return { kind: 'purge' };
  if (SWAP.has(sub)) {
    const [first, second] = rest;
    if (first === undefined) return undefined;
    // `module swap B` swaps B for the loaded module of the same name.
    return second === undefined ? { kind: 'swap', from: first.split('/')[0] as string, to: first } : { kind: 'swap', from: first, to: second };
  }
  return undefined;
}

/** `ml X -Y Z` loads X and Z and unloads Y; `ml load X` is `module load X`. */
function mlAction(args: string[]): ModuleAction[] {
  const first = args.find((a) => !a.startsWith('--'));
  if (first !== undefined && ML_SUBCOMMANDS.has(first)) {
    const action = moduleAction(args);
    return action ? [action] : [];
  }
  return args.filter((a) => !a.startsWith('--')).map((a): ModuleAction => (a.startsWith('-') ? { kind: 'unload', names: [a.slice(1)] } : { kind: 'load', names: [a] }));
}

const sameModule = (loaded: string, name: string) => loaded === name || loaded.startsWith(`${name}/`);

/** A module the script loads, and where its name first appears (an offset into the script). */
export interface LoadedModule {
  name: string;
  offset: number;
}

/** The modules a script body loads, in first-load order, without duplicates. Pure. */
export function loadedModules(scriptBody: string): LoadedModule[] {
  let loaded: LoadedModule[] = [];
  let lineStart = 0;
  let line = '';
  const at = (name: string) => {
    const column = line.indexOf(name);
    return lineStart + (column === -1 ? 0 : column);
  };
  const apply = (action: ModuleAction) => {
    switch (action.kind) {
      case 'load':
        for (const name of action.names) if (!loaded.some((l) => l.name === name)) loaded.push({ name, offset: at(name) });
        break;
      case 'unload':
        loaded = loaded.filter((l) => !action.names.some((name) => sameModule(l.name, name)));
        break;
      case 'swap': {
        const index = loaded.findIndex((l) => sameModule(l.name, action.from));
        const swapped = { name: action.to, offset: at(action.to) };
        if (index === -1) loaded.push(swapped);
        else loaded.splice(index, 1, swapped);
        break;
      }
      case 'purge':
        loaded = [];
        break;
    }
  };

  for (const match of scriptBody.matchAll(/[^\n]*(?:\n|$)/g)) {
    if (match[0] === '') break;
    line = match[0].replace(/\r?\n$/, '');
    lineStart = match.index;
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) continue;
    // Each command of a line (`cd x && module load y`), as far as a reader can tell without a shell.
    for (const command of trimmed.split(/;|&&|\|\|/)) {
      const [head, ...args] = commandWords(command);
      if (head === 'module') {
        const action = moduleAction(args);
        if (action) apply(action);
      } else if (head === 'ml') {
        for (const action of mlAction(args)) apply(action);
      }
    }
  }
  return loaded;
}
