import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mountedAt, type EfsMount } from '../efs-mount.js';

/** AWS's recommended NFS options for EFS (docs: "Mounting EFS file systems using NFS"). */
const NFS_OPTIONS = 'nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport';
const TRIES = 4;
const PAUSE_MS = 5000;

const onPath = (name: string) => ['/sbin', '/usr/sbin', '/usr/bin', '/bin', '/usr/local/sbin'].some((dir) => existsSync(join(dir, name)));

/** The NFS client, from the image's package manager when it lacks one (Ubuntu images ship without nfs-common). */
function ensureNfsClient(log: (line: string) => void): void {
  if (onPath('mount.nfs4')) return;
  log('installing the NFS client to mount EFS');
  for (const [manager, args] of [
    ['dnf', ['-y', 'install', 'nfs-utils']],
    ['yum', ['-y', 'install', 'nfs-utils']],
    ['apt-get', ['install', '-y', 'nfs-common']],
  ] as const) {
    if (!onPath(manager)) continue;
    try {
      if (manager === 'apt-get') execFileSync('apt-get', ['update'], { stdio: 'ignore' });
      execFileSync(manager, [...args], { stdio: 'ignore' });
      return;
    } catch {
      // Try the next one; mount says what is missing.
    }
  }
}

/** The mount command: mount.efs (TLS) where amazon-efs-utils is installed, else NFS 4.1. */
function mountArguments(efs: EfsMount, target: string): string[] {
  if (onPath('mount.efs')) return ['-t', 'efs', '-o', 'tls', `${efs.fileSystemId}:/`, target];
  return ['-t', 'nfs4', '-o', NFS_OPTIONS, `${efs.fileSystemId}.efs.${efs.region}.amazonaws.com:/`, target];
}

/**
 * Mounts the job's file system at its path on the cluster (under `pathPrefix` in tests, whose
 * `mountCommand` stands in for mount). A fresh mount target may not resolve yet: a few tries.
 */
export async function mountEfs(efs: EfsMount, log: (line: string) => void, test: { pathPrefix?: string; mountCommand?: string } = {}): Promise<string> {
  const target = test.pathPrefix ? join(test.pathPrefix, efs.mountPoint) : efs.mountPoint;
  if (!test.mountCommand && existsSync('/proc/mounts') && mountedAt(efs.fileSystemId, readFileSync('/proc/mounts', 'utf8')) === target) return target;
  mkdirSync(target, { recursive: true });
  if (!test.mountCommand) ensureNfsClient(log);
  const args = test.mountCommand ? ['-t', 'nfs4', '-o', NFS_OPTIONS, `${efs.fileSystemId}.efs.${efs.region}.amazonaws.com:/`, target] : mountArguments(efs, target);
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync(test.mountCommand ?? 'mount', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      log(`mounted ${efs.fileSystemId} at ${target}`);
      return target;
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
      if (attempt >= TRIES) throw new Error(`cannot mount EFS ${efs.fileSystemId} at ${target}: ${stderr} (the security group must allow NFS, TCP 2049, to a mount target in this zone)`);
      log(`mount ${efs.fileSystemId} failed (${stderr}); trying again`);
      await sleep(PAUSE_MS);
    }
  }
}
