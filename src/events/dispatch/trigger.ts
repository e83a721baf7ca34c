import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePath } from '../../launch/local/bundles.js';
import { lockHolder } from '../../store/lock.js';

const rulesMarker = (stateDir: string) => join(stateDir, 'events', 'has-rules');

/** Submit marks the state directory once a job with rules was submitted: only then do writers start a dispatcher. */
export function markRulesInUse(stateDir: string): void {
  mkdirSync(join(stateDir, 'events'), { recursive: true, mode: 0o700 });
  if (!existsSync(rulesMarker(stateDir))) writeFileSync(rulesMarker(stateDir), '');
}

/**
 * After writing events: makes sure a dispatcher will look at them. One running is told to look again
 * (it does before it stops); otherwise one is started, detached, its output in events/dispatch.log.
 * Nothing at all when no job with rules was ever submitted here.
 */
export function triggerDispatch(stateDir: string): void {
  if (!existsSync(rulesMarker(stateDir))) return;
  if (lockHolder(join(stateDir, 'events', 'dispatch.lock')) !== null) {
    writeFileSync(join(stateDir, 'events', 'dispatch.dirty'), '');
    return;
  }
  const log = openSync(join(stateDir, 'events', 'dispatch.log'), 'a', 0o600);
  try {
    spawn(process.execPath, [bundlePath('events-dispatch.cjs'), stateDir], { detached: true, stdio: ['ignore', log, log], cwd: '/' }).unref();
  } finally {
    closeSync(log);
  }
}
