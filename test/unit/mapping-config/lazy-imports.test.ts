import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONFIG_DIR = join(import.meta.dirname, '../../../src/mapping/config');

/** Packages and files a module loads when imported: static value imports, followed through relative files. */
function loadedBy(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  // `import type` and `export type` vanish at compile time; `await import()` loads only when called.
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)) {
    const specifier = match[1] as string;
    if (specifier.startsWith('.')) loadedBy(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')), seen);
    else seen.add(specifier);
  }
  return seen;
}

describe('start-up cost', () => {
  it.each(['load-config.ts', 'defaults.ts', 'discovery.ts', 'local-settings.ts', 'module-match.ts', 'types.ts', 'values.ts'])('%s loads neither zod nor yaml', (file) => {
    const loaded = loadedBy(join(CONFIG_DIR, file));
    expect([...loaded].filter((m) => /^(zod|yaml)(\/|$)/.test(m) || m.endsWith('schema.ts') || m.endsWith('loader.ts'))).toEqual([]);
  });

  it('the loader does load them (the check above can see imports)', () => {
    const loaded = loadedBy(join(CONFIG_DIR, 'loader.ts'));
    expect(loaded.has('zod')).toBe(true);
    expect(loaded.has('yaml')).toBe(true);
  });
});
