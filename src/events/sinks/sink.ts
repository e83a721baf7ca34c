import type { JobEvent } from '../../store/events.js';

/** Why one event was not delivered. Retryable: it stays in the spool for the next round; else it goes to failed/. */
export interface DeliveryFailure {
  id: string;
  reason: string;
  retryable: boolean;
}

/** Every event handed to `deliver` is in one of the two lists, by its id. */
export interface DeliveryResult {
  delivered: string[];
  failed: DeliveryFailure[];
}

/** Somewhere events go besides the local event log: a webhook, a command, an EventBridge bus. */
export interface Sink {
  readonly name: string;
  /** Never rejects: a failure to deliver is in the result. Events go out in the order given. */
  deliver(events: readonly JobEvent[]): Promise<DeliveryResult>;
}

/** The events from `index` on, failed because an earlier one was not delivered (they keep their order). */
export function notAttempted(events: readonly JobEvent[], index: number, why: string): DeliveryFailure[] {
  return events.slice(index).map((e) => ({ id: e.id, reason: `not sent: ${why}`, retryable: true }));
}
