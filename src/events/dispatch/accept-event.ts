import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JsonObject } from '../json.js';
import { inboxPath } from './event-cursor.js';
import { markRulesInUse } from './trigger.js';

/**
 * Takes events from outside (events put, serve, watch) for the rules of `rulesConfig`: appends them to
 * the state directory's inbox in one write, flushed to disk before this returns, and marks the state
 * directory as one with rules, so writers start dispatchers. Acting on them is the caller's choice: a
 * dispatch in the foreground, or triggerDispatch's detached one. The same event id accepted twice acts
 * once per rule (the ledger keeps (rule, event id) pairs).
 */
export function acceptEvents(stateDir: string, rulesConfig: string, events: readonly JsonObject[]): void {
  if (events.length === 0) return;
  const inbox = inboxPath(stateDir);
  mkdirSync(dirname(inbox), { recursive: true, mode: 0o700 });
  const bytes = Buffer.from(events.map((event) => `${JSON.stringify({ rulesConfig, event })}\n`).join(''), 'utf8');
  const fd = openSync(inbox, 'a', 0o600);
  try {
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  markRulesInUse(stateDir);
}
