import type { JsonObject } from '../json.js';
import { objectCreatedEvent } from './object-event.js';
import type { ObjectSource, ObservedObject } from './observed-object.js';
import type { SeenObjects } from './seen-objects.js';
import type { WatchTarget } from './watch-target.js';

export interface Scan {
  /** One `Object Created` event for each object new since the last scan that took it. */
  events: JsonObject[];
  /** Files that are new but changed since the scan before (or were first seen now): taken by a later scan once they stay put. */
  settling: number;
  /** Records the scan's objects as seen: call once its events are safely in the inbox. */
  commit(): void;
}

/**
 * Turns what a source lists into events for what is new. A file is new once two scans in a row saw it
 * with the same size and modification time (so one still being written is never taken half-written);
 * an S3 object is new as soon as it is listed.
 */
export class ObjectWatcher {
  /** Fingerprints of new files the last scan saw, to compare with the next one's. */
  private settlingFiles = new Map<string, string>();

  constructor(
    private readonly target: WatchTarget,
    private readonly source: ObjectSource,
    private readonly seen: SeenObjects,
    private readonly requester: string,
  ) {}

  async scan(): Promise<Scan> {
    const listed = await this.source.list();
    const fresh = listed.filter((object) => this.seen.isNew(object.key, object.fingerprint));
    const settled = (object: ObservedObject) => !this.source.settles || this.settlingFiles.get(object.key) === object.fingerprint;
    const ready = fresh.filter(settled);
    this.settlingFiles = new Map(fresh.filter((object) => !settled(object)).map((object) => [object.key, object.fingerprint]));
    const events: JsonObject[] = [];
    const taken: ObservedObject[] = [];
    for (const object of ready) {
      const etag = await this.source.etag(object);
      if (etag === null) continue;
      events.push(objectCreatedEvent(this.target, object, etag, this.requester));
      taken.push(object);
    }
    const present = new Set(listed.map((object) => object.key));
    return { events, settling: this.settlingFiles.size, commit: () => this.seen.record(taken, present) };
  }
}
