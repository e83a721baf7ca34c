import type { ObjectStore } from '../../launch/ec2/job-objects/object-store.js';
import type { LedgerEntry } from '../rules/action-ledger.js';

/**
 * The local ledger's entry (src/events/rules/action-ledger.ts) with what a function needs instead of a
 * process id: which attempt holds the claim and until when. A function is killed at its time-out, so
 * a claim whose lease has run out belongs to nobody.
 */
export interface ClaimEntry extends Omit<LedgerEntry, 'pid' | 'pidStart'> {
  attempt: number;
  /** Epoch milliseconds; 0 once an attempt gave the claim up for a retry. */
  leaseUntil: number;
}

export type Claim =
  /** This invocation acts; `resumed` when an earlier attempt may have done the action in flight. */
  | { kind: 'acting'; entry: ClaimEntry; resumed: boolean }
  /** Done or failed before: nothing to do. */
  | { kind: 'settled'; entry: ClaimEntry }
  /** Another invocation holds it now. */
  | { kind: 'busy'; entry: ClaimEntry | null };

/**
 * Which (rule, event id) pairs were acted on, in S3: `<prefix>ledger/<rule>/<event id>` is created
 * with a conditional put (If-None-Match: *) before the first action, so of two deliveries of one
 * event exactly one acts; its outcome is written there after. An attempt that died (its lease ran
 * out) is taken over by exactly one later one, through another conditional put of
 * `<key>.attempt-<n>`.
 */
export class S3RuleLedger {
  constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
  ) {}

  key(rule: string, eventId: string): string {
    return `${this.prefix}ledger/${rule}/${encodeURIComponent(eventId)}`;
  }

  async claim(rule: string, eventId: string, now: number, leaseUntil: number): Promise<Claim> {
    const key = this.key(rule, eventId);
    const fresh: ClaimEntry = { rule, eventId, state: 'started', actionsDone: 0, startedAt: new Date(now).toISOString(), attempt: 1, leaseUntil };
    if (await this.store.putIfAbsent(key, JSON.stringify(fresh))) return { kind: 'acting', entry: fresh, resumed: false };
    const current = await this.read(rule, eventId);
    if (current === null) return { kind: 'busy', entry: null };
    if (current.state !== 'started') return { kind: 'settled', entry: current };
    if (current.leaseUntil > now) return { kind: 'busy', entry: current };
    const next: ClaimEntry = { ...current, attempt: current.attempt + 1, leaseUntil };
    if (!(await this.store.putIfAbsent(`${key}.attempt-${next.attempt}`, ''))) return { kind: 'busy', entry: current };
    await this.record(next);
    return { kind: 'acting', entry: next, resumed: true };
  }

  async read(rule: string, eventId: string): Promise<ClaimEntry | null> {
    const body = await this.store.get(this.key(rule, eventId));
    return body === null ? null : (JSON.parse(body.toString('utf8')) as ClaimEntry);
  }

  async record(entry: ClaimEntry): Promise<void> {
    await this.store.put(this.key(entry.rule, entry.eventId), JSON.stringify(entry), 'application/json');
  }
}
