import { readFileSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import type { Diagnostic } from '../../parser/diagnostic.js';
import type { ObjectStore } from './job-objects/object-store.js';

/** The files under `dir` that the globs name (storage.inputs, storage.outputs), relative to it, sorted. */
export async function filesMatching(dir: string, globs: readonly string[]): Promise<string[]> {
  if (globs.length === 0) return [];
  const { glob } = await import('tinyglobby');
  return (await glob([...globs], { cwd: dir, onlyFiles: true, dot: true, expandDirectories: true })).sort();
}

/** Puts the job's inputs under `inputs/` in its prefix, once for the whole job; returns how many files and bytes. */
export async function stageInputs(objects: ObjectStore, prefix: string, submitDir: string, files: readonly string[]): Promise<{ files: number; bytes: number }> {
  let bytes = 0;
  for (const file of files) {
    const body = readFileSync(join(submitDir, file));
    bytes += body.length;
    await objects.put(`${prefix}inputs/${file}`, body);
  }
  return { files: files.length, bytes };
}

const PATH_WORD = /(?<![\w$/.~-])(?:\.\/)?[\w.-]+(?:\/[\w.-]+)*\/?(?![\w/])/g;

function existing(path: string): 'file' | 'dir' | null {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

/**
 * Paths the script's commands name that are in the submit directory here but would not be on an
 * instance: on a cluster the shared file system has them; on EC2 without EFS only what storage.inputs
 * stages is there. One warning per path, at its first mention. Comments and directives are skipped; the
 * script itself always travels.
 */
export function unstagedPaths(text: string, file: string, submitDir: string, staged: readonly string[]): Diagnostic[] {
  const stagedSet = new Set(staged);
  const stagedDirs = new Set(
    staged.flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  const warned = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (/^\s*#/.test(line)) continue;
    for (const match of line.matchAll(PATH_WORD)) {
      const word = match[0];
      // What a redirection writes is an output (perhaps left by an earlier run), not an input.
      if (/\d?>>?\s*$/.test(line.slice(0, match.index))) continue;
      const path = normalize(word).replace(/\/$/, '');
      if (path === '.' || path.startsWith('..') || warned.has(path) || stagedSet.has(path) || stagedDirs.has(path) || join(submitDir, path) === resolve(submitDir, file)) continue;
      const kind = existing(join(submitDir, path));
      if (kind === null) continue;
      warned.add(path);
      const at = start + (match.index ?? 0);
      diagnostics.push({
        code: 'ec2-input-not-staged',
        severity: 'warning',
        message: `${path}${kind === 'dir' ? '/' : ''} is in the submit directory here, but nothing sends it to the instances: on EC2 the job would not find it`,
        hint: `add it to storage.inputs in mapping.yaml (${kind === 'dir' ? `"${path}/**"` : `"${path}"`}), or use storage.efs`,
        origin: { kind: 'file', file },
        range: { start: at, end: at + word.length },
      });
    }
  }
  return diagnostics;
}
