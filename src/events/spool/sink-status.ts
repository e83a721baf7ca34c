import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../store/atomic-write.js';
import { STATUS_FILE, sinkSpoolDirectory } from './spool-layout.js';

export interface DeliveryError {
  /** ISO 8601. */
  time: string;
  message: string;
  retryable: boolean;
}

/** `status.json` of a sink's spool: what the delivery rounds found, for `events status`. */
export interface SinkStatus {
  /** ISO 8601 times of the last round, and of the last round that delivered something. */
  lastAttempt?: string;
  lastDelivery?: string;
  /** Events delivered since the spool began. */
  delivered: number;
  /** The last round's error; absent once a round ends with nothing failed. */
  lastError?: DeliveryError;
  /** When ids of delivered events were last forgotten (see forgetDeliveredIds). */
  idsForgottenAt?: string;
}

export function readSinkStatus(stateDir: string, sinkName: string): SinkStatus {
  try {
    const status = JSON.parse(readFileSync(join(sinkSpoolDirectory(stateDir, sinkName), STATUS_FILE), 'utf8')) as Partial<SinkStatus>;
    return { ...status, delivered: typeof status.delivered === 'number' ? status.delivered : 0 };
  } catch {
    // Absent before the first round; a torn file cannot happen (atomic writes), a hand-edited one starts over.
    return { delivered: 0 };
  }
}

/** Not durable: losing the last round's summary with the machine loses no event. */
export function writeSinkStatus(stateDir: string, sinkName: string, status: SinkStatus): void {
  const dir = sinkSpoolDirectory(stateDir, sinkName);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomicSync(join(dir, STATUS_FILE), `${JSON.stringify(status, null, 2)}\n`, 0o600, false);
}
