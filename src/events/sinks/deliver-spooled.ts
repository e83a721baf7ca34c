import { join } from 'node:path';
import { tryLock, unlock } from '../../store/lock.js';
import { type PendingEvent, forgetDeliveredIds, markDelivered, markUndeliverable, pendingEvents, spoolCounts } from '../spool/pending-events.js';
import { type SinkStatus, readSinkStatus, writeSinkStatus } from '../spool/sink-status.js';
import { DELIVERY_LOCK, sinkSpoolDirectory } from '../spool/spool-layout.js';
import type { DeliveryFailure, DeliveryResult, Sink } from './sink.js';

export interface DeliverSpooledOptions {
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** Events taken from one sink's spool per round, oldest first; default 500. */
  maxEventsPerSink?: number;
}

export interface SinkRound {
  sink: string;
  delivered: number;
  /** Refused for good by the sink: moved to failed/. */
  undeliverable: number;
  /** Still waiting after the round. */
  pending: number;
  /** Another process was delivering this sink's events: it was left alone. */
  busy: boolean;
  /** The round's first failure, if any. */
  error?: string;
}

/** Events handed to a sink at once: EventBridge's batch. */
const EVENTS_PER_CALL = 10;
const DAY_MS = 86_400_000;
/** How long the ids of delivered events are kept, so that a repeat is recognised. */
const KEEP_DELIVERED_IDS_MS = 7 * DAY_MS;

/** What the sink said, and a round that threw: every event stays pending. */
async function deliverSafely(sink: Sink, pending: PendingEvent[]): Promise<DeliveryResult> {
  try {
    return await sink.deliver(pending.map((p) => p.event));
  } catch (error) {
    const reason = `the sink failed: ${error instanceof Error ? error.message : String(error)}`;
    return { delivered: [], failed: pending.map((p) => ({ id: p.event.id, reason, retryable: true })) };
  }
}

function nextStatus(previous: SinkStatus, delivered: number, firstFailure: DeliveryFailure | undefined, now: number): SinkStatus {
  const time = new Date(now).toISOString();
  const status: SinkStatus = { ...previous, lastAttempt: time, delivered: previous.delivered + delivered };
  if (delivered > 0) status.lastDelivery = time;
  if (firstFailure) status.lastError = { time, message: firstFailure.reason, retryable: firstFailure.retryable };
  else delete status.lastError;
  return status;
}

/** Moves what the sink took, or refused for good, out of the pending spool; counts into `round`. */
function settle(stateDir: string, sinkName: string, chunk: PendingEvent[], result: DeliveryResult, round: SinkRound): void {
  const byId = new Map(chunk.map((p) => [p.event.id, p]));
  for (const id of result.delivered) {
    const event = byId.get(id);
    if (!event) continue;
    markDelivered(stateDir, sinkName, event);
    byId.delete(id);
    round.delivered++;
  }
  for (const failure of result.failed) {
    const event = byId.get(failure.id);
    if (!event || failure.retryable) continue;
    markUndeliverable(stateDir, sinkName, event);
    byId.delete(failure.id);
    round.undeliverable++;
  }
}

async function deliverOne(stateDir: string, sink: Sink, options: Required<DeliverSpooledOptions>): Promise<SinkRound> {
  const lock = join(sinkSpoolDirectory(stateDir, sink.name), DELIVERY_LOCK);
  const round: SinkRound = { sink: sink.name, delivered: 0, undeliverable: 0, pending: 0, busy: false };
  const waiting = spoolCounts(stateDir, sink.name).pending;
  if (waiting === 0) return round;
  if (!tryLock(lock)) return { ...round, busy: true, pending: waiting };
  try {
    const events = pendingEvents(stateDir, sink.name, options.maxEventsPerSink, options.now());
    let firstFailure: DeliveryFailure | undefined;
    // A few at a time, each settled before the next: a round cut short re-sends at most one chunk.
    for (let i = 0; i < events.length; i += EVENTS_PER_CALL) {
      const chunk = events.slice(i, i + EVENTS_PER_CALL);
      const result = await deliverSafely(sink, chunk);
      settle(stateDir, sink.name, chunk, result, round);
      firstFailure ??= result.failed[0];
      if (result.failed.some((f) => f.retryable)) break;
    }
    const now = options.now();
    const status = nextStatus(readSinkStatus(stateDir, sink.name), round.delivered, firstFailure, now);
    if (!status.idsForgottenAt || now - Date.parse(status.idsForgottenAt) > DAY_MS) {
      forgetDeliveredIds(stateDir, sink.name, now - KEEP_DELIVERED_IDS_MS);
      status.idsForgottenAt = new Date(now).toISOString();
    }
    writeSinkStatus(stateDir, sink.name, status);
    return { ...round, pending: spoolCounts(stateDir, sink.name).pending, ...(firstFailure ? { error: firstFailure.reason } : {}) };
  } finally {
    unlock(lock);
  }
}

/**
 * One delivery round: each sink gets its pending events (oldest first), those it took leave the spool,
 * those it refused for good go to failed/, and the rest wait for the next round, so an event is never lost
 * and a sink that is down just accumulates. Sinks are delivered side by side; one process at a time
 * delivers a given sink (a lock in its spool directory).
 */
export async function deliverSpooled(stateDir: string, sinks: readonly Sink[], options: DeliverSpooledOptions = {}): Promise<SinkRound[]> {
  const settled: Required<DeliverSpooledOptions> = { now: options.now ?? Date.now, maxEventsPerSink: options.maxEventsPerSink ?? 500 };
  return Promise.all(sinks.map((sink) => deliverOne(stateDir, sink, settled)));
}
