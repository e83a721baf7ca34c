import { setTimeout as sleep } from 'node:timers/promises';

/** The waiting between attempts, injectable so tests neither wait nor depend on chance. */
export interface RetryTiming {
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const REAL_TIMING: RetryTiming = { sleep: async (ms) => void (await sleep(ms)), random: Math.random };

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/**
 * The wait before attempt `attempt + 1`: exponential (0.5 s, 1 s, 2 s, … up to 30 s), with jitter over its
 * upper half so that senders retrying at once drift apart. A server's Retry-After (seconds) is honoured up
 * to the same ceiling.
 */
export function retryDelayMs(attempt: number, random: () => number, retryAfterSeconds?: number): number {
  const window = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  const backoff = window / 2 + (random() * window) / 2;
  return retryAfterSeconds === undefined ? backoff : Math.min(MAX_DELAY_MS, Math.max(backoff, retryAfterSeconds * 1000));
}
