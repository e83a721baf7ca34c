import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` until it holds, failing with `what` after `timeoutMs`: tests wait on conditions, never on fixed sleeps. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
