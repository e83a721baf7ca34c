import { setTimeout as sleep } from 'node:timers/promises';
import { SpawnSlurmError } from '../core/errors.js';
import { isHandled } from '../launch/local/requests.js';
import { ensureSupervisor } from '../launch/local/supervisor-process.js';
import type { JobStore } from '../store/store.js';

/**
 * Waits until the supervisor has acted on the requests (their files are gone), starting one if none
 * runs, so the command returns only once the change is in the store (as scancel returns once the
 * controller has it).
 */
export async function awaitRequests(store: JobStore, paths: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  while (!paths.every(isHandled)) {
    if (Date.now() > deadline) throw new SpawnSlurmError('supervisor', `the supervisor did not take the request within ${timeoutMs / 1000} s`, `see ${store.root}/supervisor.log`);
    ensureSupervisor(store);
    await sleep(delay);
    delay = Math.min(delay * 2, 200);
  }
}
