import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { isSameProcessAlive, processStartTime } from './process-alive.js';

interface LockOwner {
  pid: number;
  start: string | null;
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? { pid: owner.pid, start: owner.start ?? null } : null;
  } catch {
    return null;
  }
}

/** Takes the lock file if it is free or its owner has died. Returns false when a live process holds it. */
export function tryLock(path: string): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) }));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    // An owner that is alive keeps it; an unreadable file may be one being written right now.
    if (owner === null) {
      if (attempt < 2) continue;
      return false;
    }
    if (isSameProcessAlive(owner.pid, owner.start)) return false;
    try {
      unlinkSync(path);
    } catch {
      // Another process broke the stale lock first; try again.
    }
  }
  return false;
}

export function unlock(path: string): void {
  const owner = readOwner(path);
  if (owner?.pid === process.pid) unlinkSync(path);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Runs `work` holding the lock, waiting (a few ms at a time) while another process holds it. */
export function withLock<T>(path: string, work: () => T, timeoutMs = 10_000): T {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(path)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${path}`);
    Atomics.wait(sleeper, 0, 0, 2);
  }
  try {
    return work();
  } finally {
    unlock(path);
  }
}

/** The pid holding a lock file, if that process is alive. */
export function lockHolder(path: string): number | null {
  const owner = readOwner(path);
  return owner && isSameProcessAlive(owner.pid, owner.start) ? owner.pid : null;
}
