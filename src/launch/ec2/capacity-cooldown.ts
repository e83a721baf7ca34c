/**
 * Remembers, for a short while, which (instance type, zone, market) targets just failed for lack of
 * capacity, so the next batches of the same submit skip them instead of asking again. Plain JSON: the
 * caller keeps it in the job's state file and passes it back on a resumed submit.
 */

export type Market = 'spot' | 'on-demand';

export interface LaunchTarget {
  instanceType: string;
  zone: string;
  market: Market;
}

export interface CooldownEntry {
  /** The AWS error code (or `PartialFulfilment`). */
  code: string;
  /** Epoch milliseconds until which the target is skipped. */
  until: number;
}

export interface CapacityCooldown {
  version: 1;
  /** `type|zone|market` → entry. */
  entries: Record<string, CooldownEntry>;
}

export const DEFAULT_COOLDOWN_MS = 10 * 60_000;

export const emptyCooldown = (): CapacityCooldown => ({ version: 1, entries: {} });

const targetKey = (target: LaunchTarget) => `${target.instanceType}|${target.zone}|${target.market}`;

/** The entry that makes a target skipped at `now`, if any. */
export function coolingEntry(store: CapacityCooldown, target: LaunchTarget, now: number): CooldownEntry | undefined {
  const entry = store.entries[targetKey(target)];
  return entry && entry.until > now ? entry : undefined;
}

export function rememberCapacityFailure(store: CapacityCooldown, target: LaunchTarget, code: string, now: number, forMs = DEFAULT_COOLDOWN_MS): void {
  const key = targetKey(target);
  const until = now + forMs;
  const known = store.entries[key];
  if (!known || known.until < until) store.entries[key] = { code, until };
}

/** Drops expired entries, so a long-lived store does not grow. */
export function pruneCooldown(store: CapacityCooldown, now: number): void {
  for (const [key, entry] of Object.entries(store.entries)) if (entry.until <= now) delete store.entries[key];
}

/** Reads a stored value back, accepting only the shape written here (anything else starts afresh). */
export function parseCooldown(value: unknown): CapacityCooldown {
  if (typeof value !== 'object' || value === null) return emptyCooldown();
  const { version, entries } = value as { version?: unknown; entries?: unknown };
  if (version !== 1 || typeof entries !== 'object' || entries === null) return emptyCooldown();
  const store = emptyCooldown();
  for (const [key, entry] of Object.entries(entries as Record<string, unknown>)) {
    const { code, until } = (entry ?? {}) as { code?: unknown; until?: unknown };
    if (typeof code === 'string' && typeof until === 'number' && Number.isFinite(until)) store.entries[key] = { code, until };
  }
  return store;
}
