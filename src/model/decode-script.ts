import type { Diagnostic } from '../parser/diagnostic.js';
import type { ScriptSource } from './resolve.js';

export interface LoadedScript extends ScriptSource {
  file: string;
  /** Problems with the bytes themselves (not UTF-8). */
  diagnostics: Diagnostic[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes script bytes without losing any: text for the parser, and the exact bytes when not UTF-8. */
export function decodeScript(bytes: Uint8Array, file: string): LoadedScript {
  try {
    return { file, text: strictUtf8.decode(bytes), diagnostics: [] };
  } catch {
    const text = lenientUtf8.decode(bytes);
    const bad = text.indexOf('\uFFFD');
    return {
      file,
      text,
      base64: Buffer.from(bytes).toString('base64'),
      diagnostics: [
        {
          code: 'invalid-utf8',
          severity: 'warning',
          message: 'the script is not valid UTF-8; sbatch does not mind, but option values with these bytes are shown with U+FFFD',
          hint: 'save the script as UTF-8',
          origin: { kind: 'file', file },
          range: { start: Math.max(bad, 0), end: Math.max(bad, 0) + 1 },
        },
      ],
    };
  }
}
