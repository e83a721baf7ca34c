import { formatDurationSeconds } from '../../parser/values/time.js';
import { formatTable, type TableColumn, type TableOptions } from '../../core/table.js';
import type { SinkRound } from '../../events/sinks/deliver-spooled.js';
import type { DeliveryError } from '../../events/spool/sink-status.js';

/** One configured sink in `events status`. */
export interface SinkStatusRow {
  name: string;
  type: string;
  pending: number;
  /** When the oldest pending event was spooled (ISO 8601), and how long ago in whole seconds; null with none pending. */
  oldestPendingSince: string | null;
  oldestPendingAgeSeconds: number | null;
  /** Refused for good by the sink, kept in the spool's failed/. */
  failed: number;
  delivered: number;
  lastDelivery: string | null;
  lastError: DeliveryError | null;
}

const errorText = (error: DeliveryError | null) => (error ? `${error.time} ${error.message}${error.retryable ? '' : ' (refused for good)'}` : '');

const COLUMNS: TableColumn<SinkStatusRow>[] = [
  { header: 'SINK', value: (r) => r.name },
  { header: 'TYPE', value: (r) => r.type },
  { header: 'PENDING', value: (r) => String(r.pending), align: 'right' },
  { header: 'OLDEST', value: (r) => (r.oldestPendingAgeSeconds === null ? '-' : formatDurationSeconds(r.oldestPendingAgeSeconds)), align: 'right' },
  { header: 'FAILED', value: (r) => String(r.failed), align: 'right' },
  { header: 'DELIVERED', value: (r) => String(r.delivered), align: 'right', dropOrder: 0 },
  { header: 'LAST ERROR', value: (r) => errorText(r.lastError), minWidth: 20 },
];

export function formatSinkStatusText(rows: readonly SinkStatusRow[], options: TableOptions = {}): string {
  if (rows.length === 0) return 'no sinks are configured: events go to the local event log only (docs/mapping.md, "sinks")\n';
  return `${formatTable(rows, COLUMNS, options)}\n`;
}

export function formatSinkStatusJson(rows: readonly SinkStatusRow[]): string {
  return `${JSON.stringify({ version: 1, sinks: rows }, null, 2)}\n`;
}

function roundLine(round: SinkRound): string {
  if (round.busy) return `${round.sink}: another process is delivering its events; ${round.pending} pending`;
  const refused = round.undeliverable > 0 ? `, ${round.undeliverable} refused for good (kept in failed/)` : '';
  const error = round.error ? `\n  last error: ${round.error}` : '';
  return `${round.sink}: ${round.delivered} delivered, ${round.pending} pending${refused}${error}`;
}

export function formatFlushText(rounds: readonly SinkRound[]): string {
  if (rounds.length === 0) return 'no sinks are configured: nothing to deliver\n';
  return `${rounds.map(roundLine).join('\n')}\n`;
}
