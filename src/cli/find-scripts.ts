import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const SCRIPT_EXTENSIONS = ['.sbatch', '.slurm', '.sh'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv']);
const GLOB_CHARACTERS = /[*?[\]{}]/;

function hasDirective(file: string): boolean {
  try {
    return /^#(SBATCH|SLURM)/m.test(readFileSync(file, 'latin1'));
  } catch {
    return false;
  }
}

/** A directory's batch scripts: *.sbatch and *.slurm always, *.sh only with #SBATCH lines. */
function walk(directory: string, found: string[]): void {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path, found);
    } else if (entry.isFile()) {
      const extension = SCRIPT_EXTENSIONS.find((e) => entry.name.endsWith(e));
      if (extension === '.sh' ? hasDirective(path) : extension !== undefined) found.push(path);
    }
  }
}

/**
 * The scripts named by lint's arguments, each once, in the order given: a file as is (whatever its
 * name), a directory searched recursively, a glob (quoted, so the shell leaves it) expanded.
 */
export async function findScripts(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    let stats: Stats | undefined;
    try {
      stats = statSync(path);
    } catch {
      stats = undefined;
    }
    if (stats?.isDirectory()) walk(path, found);
    else if (stats) found.push(path);
    else if (GLOB_CHARACTERS.test(path)) {
      const { glob } = await import('tinyglobby');
      const matches = await glob(path, { onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'], expandDirectories: false });
      found.push(...matches.sort());
    } else {
      found.push(path);
    }
  }
  return [...new Set(found)];
}
