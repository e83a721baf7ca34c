import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { lockHolder } from '../../store/lock.js';
import type { JobStore } from '../../store/store.js';
import { bundlePath } from './bundles.js';

/** The pid of the store's supervisor, if one is running. */
function supervisorPid(store: JobStore): number | null {
  return lockHolder(store.supervisorLock);
}

/**
 * Starts the store's supervisor unless one runs: detached, in a session of its own, with its output
 * in supervisor.log, so it outlives the command. Two commands racing here may both start one; the
 * second finds the lock taken and exits at once.
 */
export function ensureSupervisor(store: JobStore): void {
  if (supervisorPid(store) !== null) return;
  const log = openSync(join(store.root, 'supervisor.log'), 'a', 0o600);
  try {
    const child = spawn(process.execPath, [bundlePath('supervisor.cjs'), store.root], { detached: true, stdio: ['ignore', log, log], cwd: '/' });
    child.unref();
  } finally {
    closeSync(log);
  }
}
