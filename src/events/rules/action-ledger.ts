import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../store/atomic-write.js';
import { isSameProcessAlive, processStartTime } from '../../store/process-alive.js';

/**
 * What each (rule, event) pair has done, so it acts exactly once across dispatchers, restarts and
 * crashes: the entry is created (O_EXCL) before the first action runs, and records each action as it
 * completes. An entry left `started` by a dispatcher that died is interrupted: its finished actions are
 * not run again, the rest are retried or marked failed (docs/events.md).
 */
export interface LedgerEntry {
  rule: string;
  eventId: string;
  state: 'started' | 'done' | 'failed';
  /** Actions completed, in order. */
  actionsDone: number;
  startedAt: string;
  endedAt?: string;
  /** Why it failed, or what the actions did (the jobs a submit made). */
  outcome?: string;
  /** The dispatcher running it, while `started`. */
  pid?: number;
  pidStart?: string | null;
}

export const ruleKey = (rule: string, eventId: string) => `${rule}/${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}`;

export class ActionLedger {
  private readonly root: string;

  constructor(stateDir: string) {
    this.root = join(stateDir, 'events', 'acted');
  }

  private path(rule: string, eventId: string): string {
    return join(this.root, `${ruleKey(rule, eventId)}.json`);
  }

  /** Claims the pair for this process; false when some dispatcher has (or had) it. */
  begin(rule: string, eventId: string): boolean {
    mkdirSync(join(this.root, rule), { recursive: true, mode: 0o700 });
    const entry: LedgerEntry = { rule, eventId, state: 'started', actionsDone: 0, startedAt: new Date().toISOString(), pid: process.pid, pidStart: processStartTime(process.pid) };
    try {
      writeFileSync(this.path(rule, eventId), JSON.stringify(entry), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  read(rule: string, eventId: string): LedgerEntry | null {
    try {
      return JSON.parse(readFileSync(this.path(rule, eventId), 'utf8')) as LedgerEntry;
    } catch {
      return null;
    }
  }

  update(entry: LedgerEntry): void {
    writeFileAtomicSync(this.path(entry.rule, entry.eventId), JSON.stringify(entry), 0o600);
  }

  /** Takes over an entry whose dispatcher died mid-way, for this process. */
  adopt(entry: LedgerEntry): LedgerEntry {
    const adopted = { ...entry, pid: process.pid, pidStart: processStartTime(process.pid) };
    this.update(adopted);
    return adopted;
  }

  /** Entries left `started` by a dispatcher that is gone. */
  interrupted(): LedgerEntry[] {
    const found: LedgerEntry[] = [];
    let rules: string[];
    try {
      rules = readdirSync(this.root);
    } catch {
      return found;
    }
    for (const rule of rules) {
      for (const name of readdirSync(join(this.root, rule))) {
        if (!name.endsWith('.json')) continue;
        let entry: LedgerEntry;
        try {
          entry = JSON.parse(readFileSync(join(this.root, rule, name), 'utf8')) as LedgerEntry;
        } catch {
          continue;
        }
        if (entry.state === 'started' && !(entry.pid !== undefined && isSameProcessAlive(entry.pid, entry.pidStart ?? null))) found.push(entry);
      }
    }
    return found;
  }
}
