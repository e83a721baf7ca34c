import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { decodeScript, type LoadedScript } from '../model/decode-script.js';

/**
 * Reads a script file (or standard input for `-`). Synchronous on purpose: lint reads thousands of
 * small files one after another, and fs/promises alone costs start-up time.
 */
export async function readScript(file: string): Promise<LoadedScript> {
  try {
    const bytes = readFileSync(file === '-' ? 0 : file);
    return decodeScript(bytes, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new InputError(`cannot read ${file}: ${reason}`, code === 'ENOENT' ? 'check the path' : undefined, { cause: error });
  }
}
