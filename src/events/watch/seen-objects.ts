import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { writeFileAtomicSync } from '../../store/atomic-write.js';
import { isJsonObject } from '../json.js';

interface SeenFile {
  version: 1;
  target: string;
  /** Key → fingerprint of the object's last write that became an event. */
  objects: Record<string, string>;
}

/**
 * What a watched place held when its events were last made: `$STATE/events/watch/<hash of the target>.json`,
 * replaced whole (a temporary file, flushed, renamed) after each scan that took something. An object
 * is new while its fingerprint differs from the one here; keys that are gone are forgotten.
 */
export class SeenObjects {
  readonly path: string;
  private objects: Map<string, string>;

  constructor(
    stateDir: string,
    private readonly target: string,
  ) {
    this.path = join(stateDir, 'events', 'watch', `${createHash('sha256').update(target).digest('hex').slice(0, 32)}.json`);
    this.objects = this.load();
  }

  private load(): Map<string, string> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return new Map();
    }
    try {
      const value: unknown = JSON.parse(text);
      if (isJsonObject(value) && isJsonObject(value.objects) && Object.values(value.objects).every((f) => typeof f === 'string'))
        return new Map(Object.entries(value.objects as Record<string, string>));
    } catch {
      // Reported below.
    }
    throw new InputError(`${this.path} is damaged: it does not say which objects of ${this.target} were seen`, 'remove it: every object there then becomes an event again');
  }

  isNew(key: string, fingerprint: string): boolean {
    return this.objects.get(key) !== fingerprint;
  }

  /** Records what was taken, and forgets what is no longer there (`present`: every key the scan listed). */
  record(taken: ReadonlyArray<{ key: string; fingerprint: string }>, present: ReadonlySet<string>): void {
    const objects = new Map([...this.objects].filter(([key]) => present.has(key)));
    for (const { key, fingerprint } of taken) objects.set(key, fingerprint);
    const changed = objects.size !== this.objects.size || taken.length > 0;
    this.objects = objects;
    if (!changed) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const file: SeenFile = { version: 1, target: this.target, objects: Object.fromEntries(objects) };
    writeFileAtomicSync(this.path, JSON.stringify(file), 0o600);
  }
}
