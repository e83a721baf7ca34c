import { readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../store/atomic-write.js';

/**
 * What commands ask of the supervisor. Each request is one file in `requests/`, written atomically;
 * the supervisor handles requests in name (= time) order and deletes each once it has acted on it, so
 * a request survives a supervisor crash and is handled by the next one.
 */
export type SupervisorRequest =
  | { op: 'submitted'; jobId: number }
  | { op: 'cancel'; jobId: number; arrayTaskIds: number[] | null; signal: string | null; batchOnly: boolean }
  | { op: 'hold'; jobId: number }
  | { op: 'release'; jobId: number }
  /** A feed-only job may start these array tasks (a job without an array: its one task). */
  | { op: 'feed'; jobId: number; arrayTaskIds: number[] };

let sequence = 0;

/** Files the request; returns its path, which disappears when the supervisor has acted on it. */
export function sendRequest(requestDir: string, request: SupervisorRequest): string {
  const name = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${++sequence}.json`;
  const path = join(requestDir, name);
  writeFileAtomicSync(path, JSON.stringify(request), 0o600, false);
  return path;
}

export function isHandled(path: string): boolean {
  return !existsSync(path);
}

/** Pending requests, oldest first, with the function that marks each done. */
export function takeRequests(requestDir: string): { request: SupervisorRequest | null; done: () => void }[] {
  const names = readdirSync(requestDir)
    .filter((n) => !n.startsWith('.') && n.endsWith('.json'))
    .sort();
  return names.map((name) => {
    const path = join(requestDir, name);
    let request: SupervisorRequest | null = null;
    try {
      request = JSON.parse(readFileSync(path, 'utf8')) as SupervisorRequest;
    } catch {
      // Unreadable: drop it rather than stall every later request.
    }
    return { request, done: () => rmSync(path, { force: true }) };
  });
}
