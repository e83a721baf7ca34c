import type { EventBridgeSinkSettings } from '../../mapping/config/types.js';
import type { JobEvent } from '../../store/events.js';
import type { EventBridgeClientSettings, PutEventsApi } from './eventbridge/client.js';
import { MAX_BYTES_PER_CALL, type PutEventsEntry, batchForPutEvents, entrySize, putEventsEntry } from './eventbridge/entries.js';
import { REAL_TIMING, type RetryTiming, retryDelayMs } from './retry-timing.js';
import { type DeliveryResult, type Sink, notAttempted } from './sink.js';

export interface EventBridgeSinkOptions {
  /** Instead of the SDK client the sink makes (and closes) for each round. */
  client?: PutEventsApi;
  /** Passed to the client the sink makes: an endpoint, fixed credentials (tests). */
  clientSettings?: Partial<EventBridgeClientSettings>;
  timing?: RetryTiming;
  /** Calls per entry that EventBridge answered with an error; default 3. */
  attempts?: number;
}

/** ErrorCodes that say the entry itself is wrong: sending it again cannot help. */
const ENTRY_IS_WRONG = new Set(['InvalidArgument', 'MalformedDetail']);

interface Item {
  event: JobEvent;
  entry: PutEventsEntry;
  size: number;
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * PutEvents, batched within EventBridge's limits. Entries answered with an ErrorCode are sent again (with
 * backoff) up to `attempts` calls; the others are delivered. A call that fails as a whole (no network, no
 * credentials, no such bus) leaves its entries and all later ones for the next round.
 */
export function eventBridgeSink(settings: EventBridgeSinkSettings, options: EventBridgeSinkOptions = {}): Sink {
  const timing = options.timing ?? REAL_TIMING;
  const attempts = options.attempts ?? 3;

  async function client(): Promise<PutEventsApi> {
    if (options.client) return options.client;
    const { makeEventBridgeClient } = await import('./eventbridge/client.js');
    return makeEventBridgeClient({ region: settings.region, ...(settings.profile ? { profile: settings.profile } : {}), ...options.clientSettings });
  }

  /**
   * Sends one batch until each entry is delivered, refused or out of attempts. A call that fails as a whole
   * fails the entries still waiting, and its reason is returned.
   */
  async function sendBatch(api: PutEventsApi, batch: Item[], result: DeliveryResult): Promise<string | undefined> {
    let waiting = batch;
    for (let attempt = 0; waiting.length > 0; attempt++) {
      let answers: Awaited<ReturnType<PutEventsApi['putEvents']>>;
      try {
        answers = await api.putEvents(waiting.map((item) => item.entry));
      } catch (error) {
        const reason = describeError(error);
        result.failed.push(...waiting.map((item) => ({ id: item.event.id, reason, retryable: true })));
        return reason;
      }
      const again: Item[] = [];
      for (const [i, item] of waiting.entries()) {
        const answer = answers[i];
        if (answer && !answer.ErrorCode) {
          result.delivered.push(item.event.id);
          continue;
        }
        const reason = answer ? `${answer.ErrorCode}: ${answer.ErrorMessage ?? ''}`.trim() : 'EventBridge gave no answer for the entry';
        if (answer?.ErrorCode && ENTRY_IS_WRONG.has(answer.ErrorCode)) result.failed.push({ id: item.event.id, reason, retryable: false });
        else if (attempt + 1 >= attempts) result.failed.push({ id: item.event.id, reason, retryable: true });
        else again.push(item);
      }
      waiting = again;
      if (waiting.length > 0) await timing.sleep(retryDelayMs(attempt, timing.random));
    }
    return undefined;
  }

  return {
    name: settings.name,
    async deliver(events) {
      const result: DeliveryResult = { delivered: [], failed: [] };
      const items: Item[] = [];
      for (const event of events) {
        const entry = putEventsEntry(event, { bus: settings.bus, ...(settings.source ? { source: settings.source } : {}) });
        const size = entrySize(entry);
        if (size > MAX_BYTES_PER_CALL)
          result.failed.push({ id: event.id, reason: `the event is ${size} bytes as a PutEvents entry; EventBridge takes at most ${MAX_BYTES_PER_CALL}`, retryable: false });
        else items.push({ event, entry, size });
      }
      if (items.length === 0) return result;
      let api: PutEventsApi;
      try {
        api = await client();
      } catch (error) {
        result.failed.push(
          ...notAttempted(
            items.map((item) => item.event),
            0,
            `the EventBridge client could not be made: ${describeError(error)}`,
          ),
        );
        return result;
      }
      try {
        const batches = batchForPutEvents(items, (item) => item.size);
        for (const [b, batch] of batches.entries()) {
          const callFailed = await sendBatch(api, batch, result);
          if (callFailed === undefined) continue;
          const later = batches
            .slice(b + 1)
            .flat()
            .map((item) => item.event);
          result.failed.push(...notAttempted(later, 0, `PutEvents failed: ${callFailed}`));
          break;
        }
      } finally {
        if (!options.client) api.destroy();
      }
      return result;
    },
  };
}
