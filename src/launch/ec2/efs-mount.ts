import { readFileSync } from 'node:fs';

/**
 * Where a job's EFS file system is mounted: storage.efs_mount, else where this machine has it mounted
 * (/proc/mounts names it `fs-….efs.REGION.amazonaws.com:/` over NFS, `fs-…:/` through mount.efs), so
 * the instances mount it at the same path and paths under it mean the same files there.
 */
export interface EfsMount {
  fileSystemId: string;
  region: string;
  mountPoint: string;
  /** The submit directory is under the mount: the instances share it instead of recreating it. */
  sharesSubmitDir: boolean;
}

/** /proc/mounts escapes space, tab, newline and backslash in paths as octal. */
const unescapeMountPath = (path: string) => path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));

export function mountedAt(fileSystemId: string, mounts: string): string | null {
  for (const line of mounts.split('\n')) {
    const [source, target] = line.split(' ');
    if (!source || !target) continue;
    const host = source.slice(0, source.indexOf(':'));
    if (host === fileSystemId || host.startsWith(`${fileSystemId}.efs.`)) return unescapeMountPath(target);
  }
  return null;
}

export function isUnder(path: string, mountPoint: string): boolean {
  return mountPoint === '/' || path === mountPoint || path.startsWith(`${mountPoint}/`);
}

function procMounts(): string {
  try {
    return readFileSync('/proc/mounts', 'utf8');
  } catch {
    return '';
  }
}

/** null when neither the configuration nor this machine says where the file system goes. */
export function efsMountFor(storage: { efs: string | null; efsMount: string | null }, region: string, submitDir: string, mounts: string = procMounts()): EfsMount | null | undefined {
  if (!storage.efs) return undefined;
  const mountPoint = storage.efsMount ?? mountedAt(storage.efs, mounts);
  if (mountPoint === null) return null;
  return { fileSystemId: storage.efs, region, mountPoint, sharesSubmitDir: isUnder(submitDir, mountPoint) };
}
