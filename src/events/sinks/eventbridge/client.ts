import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventBridgeClientConfig, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { PutEventsEntry } from './entries.js';

/**
 * The only module that loads the EventBridge SDK: the sink imports it with `await import()` when an
 * eventbridge sink first delivers, so nothing else pays for it.
 */
export interface PutEventsApi {
  /** One answer per entry, in order: an EventId, or an ErrorCode and ErrorMessage. */
  putEvents(entries: PutEventsEntry[]): Promise<PutEventsResultEntry[]>;
  /** Closes the SDK's sockets. */
  destroy(): void;
}

export interface EventBridgeClientSettings {
  region: string;
  /** A profile from ~/.aws/config; default AWS_PROFILE, then the rest of the standard chain. */
  profile?: string;
  /** Send every call here instead of the regional endpoint; default SPAWN_SLURM_EVENTBRIDGE_ENDPOINT (tests' fake EventBridge). */
  endpoint?: string;
  /** Fixed credentials instead of the chain (tests). */
  credentials?: EventBridgeClientConfig['credentials'];
}

export function makeEventBridgeClient(settings: EventBridgeClientSettings): PutEventsApi {
  const endpoint = settings.endpoint ?? (process.env['SPAWN_SLURM_EVENTBRIDGE_ENDPOINT'] || undefined);
  const sdk = new EventBridgeClient({
    region: settings.region,
    // The sink retries failed entries itself, with its own backoff; SDK retries underneath would multiply them.
    maxAttempts: 1,
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  return {
    putEvents: async (entries) => (await sdk.send(new PutEventsCommand({ Entries: entries }))).Entries ?? [],
    destroy: () => sdk.destroy(),
  };
}
