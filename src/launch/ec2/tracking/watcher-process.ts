import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { lockHolder } from '../../../store/lock.js';
import { bundlePath } from '../../local/bundles.js';

/** Starts the state directory's EC2 watcher unless one runs: detached, its output in ec2/watcher.log. */
export function ensureEc2Watcher(stateDir: string): void {
  if (lockHolder(join(stateDir, 'ec2', 'watcher.lock')) !== null) return;
  const log = openSync(join(stateDir, 'ec2', 'watcher.log'), 'a', 0o600);
  try {
    spawn(process.execPath, [bundlePath('ec2-watcher.cjs'), stateDir], { detached: true, stdio: ['ignore', log, log], cwd: '/' }).unref();
  } finally {
    closeSync(log);
  }
}
