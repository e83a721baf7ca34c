import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { existingEc2Store } from '../../launch/ec2/ec2-store.js';
import { knownClusters, openClusterStore } from '../../launch/slurm/cluster-store.js';
import { writeFileAtomicSync } from '../../store/atomic-write.js';
import { JobStore } from '../../store/store.js';
import { isJsonObject, type JsonObject } from '../json.js';

/** An event to match against rules, and the configuration file whose rules apply to it. */
export interface SourcedEvent {
  event: JsonObject;
  rulesConfig: string;
  /** Goes to every sink of the configuration, not only through rules (the slurmctld hook's events). */
  toAllSinks?: true;
}

/** Events from outside the job stores (events put, serve, watch, rules' own failures), one JSON line each: `{rulesConfig, event}`. */
export const inboxPath = (stateDir: string) => join(stateDir, 'events', 'inbox.jsonl');

/** The complete lines of `path` from `offset` on, and the offset just past the last of them. */
function newLines(path: string, offset: number): { lines: string[]; end: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { lines: [], end: offset };
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= offset) return { lines: [], end: offset };
    const buffer = Buffer.alloc(size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    const text = buffer.toString('utf8');
    const last = text.lastIndexOf('\n');
    if (last < 0) return { lines: [], end: offset };
    return { lines: text.slice(0, last).split('\n').filter(Boolean), end: offset + Buffer.byteLength(text.slice(0, last + 1)) };
  } finally {
    closeSync(fd);
  }
}

const parse = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
};

/**
 * Where the dispatcher has read up to in every event log of the state directory (the local store's
 * jobs, EC2's, each cluster's) and in the inbox. Only jobs submitted with a rules configuration are
 * read (the others are passed over for good), so adding rules never acts on history. Only a speed-up:
 * the ledger, not the cursor, makes each (rule, event) act once.
 */
export class EventCursor {
  private readonly path: string;
  private offsets: Record<string, number>;

  constructor(private readonly stateDir: string) {
    this.path = join(stateDir, 'events', 'cursor.json');
    this.offsets = existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, number>) : {};
  }

  private stores(): JobStore[] {
    const stores = [new JobStore(this.stateDir)];
    const ec2 = existingEc2Store(this.stateDir);
    if (ec2) stores.push(ec2);
    for (const name of knownClusters(this.stateDir)) stores.push(openClusterStore(this.stateDir, name));
    return stores;
  }

  /** Every event written since the last commit (the ones of jobs without rules are passed over). */
  take(): SourcedEvent[] {
    const taken: SourcedEvent[] = [];
    const read = (path: string, each: (value: unknown) => void) => {
      const { lines, end } = newLines(path, this.offsets[path] ?? 0);
      for (const line of lines) each(parse(line));
      this.offsets[path] = end;
    };
    for (const store of this.stores()) {
      for (const id of store.jobIds()) {
        const record = store.readRecord(id);
        const rulesConfig = record?.rulesConfig;
        const log = store.eventLogPath(id);
        if (!rulesConfig) {
          this.offsets[log] = Number.MAX_SAFE_INTEGER;
          continue;
        }
        if (this.offsets[log] === Number.MAX_SAFE_INTEGER) continue;
        read(log, (value) => {
          if (isJsonObject(value)) taken.push({ event: value, rulesConfig });
        });
      }
    }
    read(inboxPath(this.stateDir), (value) => {
      if (isJsonObject(value) && typeof value.rulesConfig === 'string' && isJsonObject(value.event))
        taken.push({ event: value.event, rulesConfig: value.rulesConfig, ...(value.toAllSinks === true ? { toAllSinks: true as const } : {}) });
    });
    return taken;
  }

  commit(): void {
    mkdirSync(join(this.stateDir, 'events'), { recursive: true, mode: 0o700 });
    writeFileAtomicSync(this.path, JSON.stringify(this.offsets), 0o600, false);
  }
}
