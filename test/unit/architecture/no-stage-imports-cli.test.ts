import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');

/** Every .ts file under a directory, as absolute paths. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports, dynamic imports and require() calls. */
function importSpecifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** `src/…/file.ts: specifier` for every import of src/cli from a file outside src/cli, relative to root. */
function cliImportsOutsideCli(root: string): string[] {
  const cli = join(root, 'src', 'cli');
  const insideCli = (path: string) => path === cli || path.startsWith(cli + sep);
  const offending: string[] = [];
  for (const file of sourceFiles(join(root, 'src')).filter((f) => !insideCli(f))) {
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      if (insideCli(resolve(dirname(file), specifier))) offending.push(`${relative(root, file)}: ${specifier}`);
    }
  }
  return offending.sort();
}

describe('architecture: the stages do not depend on the CLI', () => {
  it('finds the import forms it checks', () => {
    const text = [
      "import { a } from '../cli/a.js';",
      "import type {\n  B,\n} from '../../cli/b.js';",
      "export { c } from './cli/c.js';",
      "import '../cli/side-effect.js';",
      "const d = await import('../cli/d.js');",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['../cli/a.js', '../../cli/b.js', './cli/c.js', '../cli/side-effect.js', '../cli/d.js']);
  });

  it('names the file and the import that break the rule, and allows src/cli to import anything', () => {
    const root = mkdtempSync(join(tmpdir(), 'spawn-slurm-arch-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('src/cli/errors.ts', "import { x } from '../core/x.js';\n");
    write('src/cli/format/table.ts', "import { e } from '../errors.js';\n");
    write('src/core/x.ts', 'export const x = 1;\n');
    write('src/launch/run.ts', "import { x } from '../core/x.js';\nimport { e } from '../cli/errors.js';\n");
    write('src/cli-like/ok.ts', "import { x } from '../core/x.js';\n");
    write('src/mapping/deep/show.ts', "import type { T } from '../../cli/format/table.js';\n");
    expect(cliImportsOutsideCli(root)).toEqual(['src/launch/run.ts: ../cli/errors.js', 'src/mapping/deep/show.ts: ../../cli/format/table.js']);
  });

  it('no file outside src/cli imports from src/cli (shared code lives in src/core)', () => {
    expect(cliImportsOutsideCli(ROOT), 'these files import from src/cli; move what they need to src/core').toEqual([]);
  });
});
