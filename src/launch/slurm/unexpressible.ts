import type { Diagnostic } from '../../parser/diagnostic.js';
import type { ParsedScript } from '../../parser/parse-script.js';

/** What an API version cannot carry, at the directive, variable or argument that asked for it. */
export function unexpressibleDiagnostics(parsed: ParsedScript, items: readonly { option: string; message: string }[], version: string): Diagnostic[] {
  return items.map(({ option, message }) => {
    const setting = parsed.components.map((c) => c.settings.get(option)).find((s) => s !== undefined);
    const source = setting?.source;
    const base = {
      code: 'slurmrestd-cannot-express',
      severity: 'error' as const,
      message: `slurmrestd ${version} cannot express --${option}: ${message}`,
      hint: 'drop the option for this cluster, or submit with sbatch on a login node of the cluster',
    };
    if (source?.kind === 'script') return { ...base, origin: { kind: 'file', file: parsed.file }, range: source.range };
    if (source?.kind === 'env') return { ...base, origin: { kind: 'env', name: source.name } };
    if (source?.kind === 'cli') return { ...base, origin: { kind: 'cli', index: source.index, arg: source.arg } };
    return { ...base, origin: { kind: 'file', file: parsed.file } };
  });
}
