/**
 * Events as PutEvents entries, and the entries in calls EventBridge accepts: at most 10 entries and 256 KiB
 * of entries per call, an entry's size counted as EventBridge counts it ("Calculating PutEvents event entry
 * size": 14 bytes for Time, the UTF-8 bytes of Source, DetailType, Detail and each of Resources).
 */
import type { JobEvent } from '../../../store/events.js';

const MAX_ENTRIES_PER_CALL = 10;
export const MAX_BYTES_PER_CALL = 256 * 1024;

/** The SDK's PutEventsRequestEntry, as far as sinks fill it in. */
export interface PutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: Date;
  Resources: string[];
  EventBusName: string;
}

export interface EntryTarget {
  bus: string;
  /** Instead of the event's own source. */
  source?: string;
}

export function putEventsEntry(event: JobEvent, target: EntryTarget): PutEventsEntry {
  const time = new Date(event.time);
  return {
    Source: target.source ?? event.source,
    DetailType: event['detail-type'],
    Detail: JSON.stringify(event.detail),
    ...(Number.isNaN(time.getTime()) ? {} : { Time: time }),
    Resources: event.resources,
    EventBusName: target.bus,
  };
}

export function entrySize(entry: PutEventsEntry): number {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  return (entry.Time ? 14 : 0) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + entry.Resources.reduce((sum, r) => sum + bytes(r), 0);
}

/**
 * Consecutive runs of items that each fit one call, in order. Every item must fit a call alone (sizes at
 * most MAX_BYTES_PER_CALL).
 */
export function batchForPutEvents<T>(items: readonly T[], sizeOf: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length === MAX_ENTRIES_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
